import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { toolDefinitions } from '../../../src/core/tools/definitions';
import { declaredToolSettings, toolSettingsFrom as validate } from '../../../src/core/tools/toolSettings';
import { TOOL_NAMES } from '../../../src/core/tools/types';
import { CustomToolSchema } from '../../../src/core/messages/schema';
import { settings } from './helpers';

// The manifest is where the defaults and bounds are declared; the host hands its declarations in, as here.
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
const props = pkg.contributes.configuration.properties;
// Descriptions are `%key%` references into package.nls.json (docs/architecture.md, "Languages").
const nls = JSON.parse(readFileSync(new URL('../../../package.nls.json', import.meta.url), 'utf8'));
const english = (s: string): string => nls[/^%(.+)%$/.exec(s)?.[1] ?? ''] ?? s;
const toolSettingsFrom = (raw: Record<string, unknown>) => validate(raw, declaredToolSettings(props));

describe('toolSettingsFrom', () => {
  it('nothing set: the defaults, no problems', () => {
    assert.deepEqual(toolSettingsFrom({}), {
      settings: {
        enabled: true,
        tools: [...TOOL_NAMES],
        autoApproveReads: false,
        commandAllowList: [],
        commandTimeoutMs: 60_000,
        outputCapBytes: 64 * 1024,
        maxRounds: 25,
        secretPatterns: [],
      },
      problems: [],
    });
  });

  it('good values are used', () => {
    const { settings: s, problems } = toolSettingsFrom({
      enabled: false,
      enabledTools: ['run_command', 'read_file'],
      autoApproveReads: true,
      commandAllowList: ['npm test', 'git status'],
      commandTimeoutSeconds: 5,
      outputLimitKB: 8,
      maxRounds: 3,
      secretPatterns: ['*.secret'],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(s, {
      enabled: false,
      tools: ['read_file', 'run_command'],
      autoApproveReads: true,
      commandAllowList: ['npm test', 'git status'],
      commandTimeoutMs: 5000,
      outputCapBytes: 8192,
      maxRounds: 3,
      secretPatterns: ['*.secret'],
    });
  });

  it('each bad value falls back to its default with one problem naming the setting', () => {
    const { settings: s, problems } = toolSettingsFrom({
      enabled: 'yes',
      enabledTools: 'all',
      autoApproveReads: 1,
      commandAllowList: 'npm test',
      commandTimeoutSeconds: -1,
      outputLimitKB: 1.5,
      maxRounds: '25',
    });
    assert.deepEqual(
      problems.map((p) => p.setting).sort(),
      [
        'claudeMessages.tools.enabled',
        'claudeMessages.tools.autoApproveReads',
        'claudeMessages.tools.commandTimeoutSeconds',
        'claudeMessages.tools.outputLimitKB',
        'claudeMessages.tools.maxRounds',
        'claudeMessages.tools.enabledTools',
        'claudeMessages.tools.commandAllowList',
      ].sort(),
    );
    assert.equal(problems.length, 7);
    assert.equal(s.enabled, true);
    assert.equal(s.autoApproveReads, false, 'a bad value never loosens the gate');
    assert.deepEqual(s.commandAllowList, []);
    assert.equal(s.commandTimeoutMs, 60_000);
    assert.equal(s.outputCapBytes, 64 * 1024);
    assert.equal(s.maxRounds, 25);
  });

  it('an unknown tool name is dropped, not a reason to turn every tool back on', () => {
    const { settings: s, problems } = toolSettingsFrom({ enabledTools: ['read_file', 'bash', 'read_file'] });
    assert.deepEqual(s.tools, ['read_file']);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /"bash" is not a tool name/);
  });

  it('secretPatterns: globs kept; entries that are not text, empty or too large are dropped with one problem', () => {
    const { settings: s, problems } = toolSettingsFrom({
      secretPatterns: ['*.secret', '', 3, 'x'.repeat(2000), 'private/'],
    });
    assert.deepEqual(s.secretPatterns, ['*.secret', 'private/']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.setting, 'claudeMessages.tools.secretPatterns');
    assert.deepEqual(toolSettingsFrom({ secretPatterns: '*.secret' }).settings.secretPatterns, []);
  });

  it("a workspace may only tighten the bounds: the smaller of the user's and the workspace's value counts (K5)", () => {
    const user = { commandTimeoutSeconds: 120, outputLimitKB: 32, maxRounds: 10 };
    const looser = validate(user, declaredToolSettings(props), {
      commandTimeoutSeconds: 3600,
      outputLimitKB: 10240,
      maxRounds: 500,
    });
    assert.deepEqual(
      [looser.settings.commandTimeoutMs, looser.settings.outputCapBytes, looser.settings.maxRounds],
      [120_000, 32 * 1024, 10],
    );
    assert.deepEqual(looser.problems, []);
    const tighter = validate(user, declaredToolSettings(props), {
      commandTimeoutSeconds: 5,
      outputLimitKB: 4,
      maxRounds: 2,
    });
    assert.deepEqual(
      [tighter.settings.commandTimeoutMs, tighter.settings.outputCapBytes, tighter.settings.maxRounds],
      [5000, 4 * 1024, 2],
    );
    // Nothing set by the user: the defaults are the bounds a workspace cannot go past.
    const fromDefaults = validate({}, declaredToolSettings(props), { commandTimeoutSeconds: 3600 });
    assert.equal(fromDefaults.settings.commandTimeoutMs, 60_000);
    const bad = validate(user, declaredToolSettings(props), { maxRounds: 'many' });
    assert.equal(bad.settings.maxRounds, 10);
    assert.match(bad.problems[0]!.message, /\(workspace value\) must be .* ignored/);
  });

  it('allow-list entries that are not command lines are dropped with one problem', () => {
    const { settings: s, problems } = toolSettingsFrom({ commandAllowList: ['npm test', '', 3, null] });
    assert.deepEqual(s.commandAllowList, ['npm test']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.setting, 'claudeMessages.tools.commandAllowList');
  });
});

describe('package.json settings', () => {
  it('declares every tools setting, with a default', () => {
    assert.doesNotThrow(() => declaredToolSettings(props));
    assert.throws(() => declaredToolSettings({}), /does not declare claudeMessages.tools.enabled/);
    assert.deepEqual(props['claudeMessages.tools.enabledTools'].items.enum, [...TOOL_NAMES]);
  });
  it('settings that add instructions are application scope; bounds stay window scope (a workspace may tighten) (K5)', () => {
    for (const key of [
      'systemPrompt',
      'prompts.explain',
      'prompts.findBugs',
      'prompts.refactor',
      'prompts.addDocs',
      'prompts.writeTests',
    ])
      assert.equal(props[`claudeMessages.${key}`].scope, 'application', key);
    for (const key of ['commandTimeoutSeconds', 'outputLimitKB', 'maxRounds'])
      assert.match(
        english(props[`claudeMessages.tools.${key}`].markdownDescription),
        /workspace.s value can only lower it/,
        key,
      );
  });
  it('settings that loosen the gate are application scope: a repository cannot set them', () => {
    for (const key of ['enabled', 'enabledTools', 'autoApproveReads', 'commandAllowList', 'secretPatterns'])
      assert.equal(props[`claudeMessages.tools.${key}`].scope, 'application', key);
  });
});

describe('toolDefinitions', () => {
  it('all tools in a stable order, each a valid custom tool with a described schema', () => {
    const defs = toolDefinitions(settings());
    assert.deepEqual(
      defs.map((d) => d.name),
      [...TOOL_NAMES],
    );
    for (const d of defs) {
      assert.ok(CustomToolSchema.safeParse(d).success, d.name);
      const tool = d as unknown as {
        description: string;
        input_schema: { properties: Record<string, { description?: string }>; required?: string[] };
      };
      assert.ok(tool.description.length > 80, d.name);
      for (const [name, prop] of Object.entries(tool.input_schema.properties))
        assert.ok(prop.description, `${d.name}.${name} has a description`);
      for (const r of tool.input_schema.required ?? []) assert.ok(r in tool.input_schema.properties);
    }
  });
  it('only the enabled tools; none when tools are off', () => {
    assert.deepEqual(
      toolDefinitions(settings({ tools: ['run_command', 'read_file'] })).map((d) => d.name),
      ['read_file', 'run_command'],
    );
    assert.deepEqual(toolDefinitions(settings({ enabled: false })), []);
  });
  it('descriptions carry the path rules and the configured limits', () => {
    const defs = toolDefinitions(settings({ commandTimeoutMs: 30_000, outputCapBytes: 16 * 1024 }));
    const byName = Object.fromEntries(defs.map((d) => [d.name, (d as { description: string }).description]));
    assert.match(byName.read_file!, /relative to the workspace folder/);
    assert.match(byName.read_file!, /16 KB/);
    assert.match(byName.run_command!, /30 seconds/);
    assert.match(byName.edit_file!, /exactly once/);
  });
});
