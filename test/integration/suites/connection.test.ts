// Connection inside the real extension host: the contributed settings and their scopes, Test Connection through
// the command (its result is the report) against the local endpoint started in this same process, the env key
// for the Default profile only, and workspace settings that cannot change where the key goes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/core/connection/diagnose';
import { startEndpoint, type Endpoint } from '../../support/endpoint/server';
import { contributes } from '../extensionUnderTest';

const KEY = 'sk-integration-connection-key';
const config = () => vscode.workspace.getConfiguration('claudeMessages');
const G = vscode.ConfigurationTarget.Global;
const ENV = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL'] as const;

async function runTest(): Promise<DiagnosisReport | undefined> {
  return vscode.commands.executeCommand<DiagnosisReport | undefined>('claudeMessages.testConnection');
}
const statuses = (r: DiagnosisReport | undefined) => r?.steps.map((s) => `${s.id}:${s.status}`).join(' ');

suite('connection', () => {
  let ep: Endpoint;
  const savedEnv: Partial<Record<(typeof ENV)[number], string>> = {};

  suiteSetup(async () => {
    ep = await startEndpoint({ apiKey: KEY, auth: 'x-api-key' });
    for (const k of ENV) savedEnv[k] = process.env[k];
  });
  setup(() => {
    ep.reset();
    ep.configure({ apiKey: KEY, auth: 'x-api-key' });
    for (const k of ENV) delete process.env[k];
  });
  teardown(async () => {
    for (const key of ['baseUrl', 'authHeader', 'profiles', 'activeProfile', 'maxTokens'])
      await config().update(key, undefined, G);
  });
  suiteTeardown(async () => {
    for (const k of ENV) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    await ep.close();
  });

  test('the new settings are contributed; everything that decides where the key goes is application-scoped', () => {
    const props = contributes().configuration.properties;
    for (const key of ['anthropicBeta', 'promptCaching', 'profiles', 'activeProfile', 'verboseLogging'])
      assert.ok(props[`claudeMessages.${key}`], `claudeMessages.${key} is not contributed`);
    for (const key of [
      'baseUrl',
      'authHeader',
      'extraHeaders',
      'profiles',
      'activeProfile',
      'verboseLogging',
    ]) {
      const scope = props[`claudeMessages.${key}`]?.scope;
      assert.ok(scope === 'application' || scope === 'machine', `claudeMessages.${key} has scope ${scope}`);
    }
    assert.equal(config().get('promptCaching'), true);
    assert.equal(config().get('verboseLogging'), false);
    const titles = new Map(contributes().commands.map((c) => [c.command, c.title]));
    assert.equal(titles.get('claudeMessages.testConnection'), 'Test Connection');
    assert.equal(titles.get('claudeMessages.selectEndpoint'), 'Select Endpoint');
  });

  test('Test Connection passes against the local endpoint with ANTHROPIC_API_KEY (x-api-key)', async () => {
    await config().update('baseUrl', ep.url, G);
    process.env.ANTHROPIC_API_KEY = KEY;
    const r = await runTest();
    assert.equal(statuses(r), 'reach:pass key:pass models:pass message:pass');
    assert.equal(r?.keySource, 'ANTHROPIC_API_KEY');
    const sent = ep.requests.find((q) => q.path === '/v1/messages');
    assert.equal(sent?.headers['x-api-key'], KEY);
  });

  test('Test Connection passes in Bearer mode with ANTHROPIC_AUTH_TOKEN', async () => {
    ep.configure({ auth: 'bearer' });
    await config().update('baseUrl', ep.url, G);
    process.env.ANTHROPIC_AUTH_TOKEN = KEY;
    const r = await runTest();
    assert.equal(statuses(r), 'reach:pass key:pass models:pass message:pass');
    assert.equal(r?.authHeader, 'bearer');
    assert.equal(ep.requests.find((q) => q.path === '/v1/messages')?.headers.authorization, `Bearer ${KEY}`);
  });

  test('a wrong key fails the key step with the 401 advice', async () => {
    await config().update('baseUrl', ep.url, G);
    process.env.ANTHROPIC_API_KEY = 'sk-not-the-right-one';
    const r = await runTest();
    assert.equal(r?.ok, false);
    const key = r?.steps.find((s) => s.id === 'key');
    assert.equal(key?.status, 'fail');
    assert.equal(key?.status_code, 401);
    assert.match(key?.advice ?? '', /key was refused by this host/);
  });

  test('a named profile never borrows the environment key', async () => {
    await config().update(
      'profiles',
      [{ name: 'Gateway', baseUrl: ep.url, apiFormat: 'messages', authHeader: 'bearer' }],
      G,
    );
    await config().update('activeProfile', 'Gateway', G);
    process.env.ANTHROPIC_API_KEY = KEY;
    const r = await runTest();
    assert.equal(r?.profile, 'Gateway');
    assert.equal(statuses(r), 'reach:pass key:fail models:skip message:skip');
    assert.ok(
      ep.requests.every((q) => q.headers['x-api-key'] !== KEY && q.headers.authorization !== `Bearer ${KEY}`),
      'the environment key was sent to the named profile',
    );
  });

  test('a base URL that is not a URL stops Test Connection before any request', async () => {
    await config().update('baseUrl', 'not a url', G);
    process.env.ANTHROPIC_API_KEY = KEY;
    const r = await runTest();
    assert.equal(r, undefined);
    assert.equal(ep.requests.length, 0);
  });

  test('workspace values for profiles and the active profile are refused or ignored', async () => {
    for (const [key, value] of [
      [
        'profiles',
        [{ name: 'Evil', baseUrl: 'http://127.0.0.1:9', apiFormat: 'messages', authHeader: 'bearer' }],
      ],
      ['activeProfile', 'Evil'],
    ] as const) {
      try {
        await config().update(key, value, vscode.ConfigurationTarget.Workspace);
      } catch {
        // refused: what application scope is for
      }
      assert.equal(config().inspect(key)?.workspaceValue, undefined, `workspace value of ${key} took`);
    }
    await config().update('baseUrl', ep.url, G);
    process.env.ANTHROPIC_API_KEY = KEY;
    const r = await runTest();
    assert.equal(r?.profile, 'Default');
    assert.equal(r?.baseUrl, ep.url);
  });
});
