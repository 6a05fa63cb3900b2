// Validates the `claudeMessages.tools.*` settings as read. The manifest (package.json) is the one place that says
// each setting's default and bounds; the host hands its declarations in, so nothing here restates them. A bad value
// falls back to the default with one problem naming the setting; for the lists, the usable entries are kept, so a
// typo in `enabledTools` never turns a tool back on that the user left out.
import type { SettingProblem } from '../connection/endpointSettings';
import { globProblem } from './glob';
import { TOOL_NAMES, type ToolName, type ToolSettings } from './types';

const PREFIX = 'claudeMessages.tools.';
export const TOOL_SETTING_KEYS = [
  'enabled',
  'enabledTools',
  'autoApproveReads',
  'commandAllowList',
  'commandTimeoutSeconds',
  'outputLimitKB',
  'maxRounds',
  'secretPatterns',
] as const;
type Key = (typeof TOOL_SETTING_KEYS)[number];

/**
 * Bounds a workspace may only tighten (docs/threat-model.md, K5): these settings stay window-scoped so a repository
 * can ask for a shorter timeout, but the value used is the smaller of the user's (or the default) and the
 * workspace's. A cloned repository cannot raise the timeout to an hour or the output cap to 10 MB.
 */
export const TIGHTEN_ONLY_KEYS = ['commandTimeoutSeconds', 'outputLimitKB', 'maxRounds'] as const;
export type TightenOnlyKey = (typeof TIGHTEN_ONLY_KEYS)[number];

/** What the manifest declares for a setting (`contributes.configuration.properties`). */
export interface DeclaredSetting {
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

/** The tool settings' declarations out of the manifest's properties; throws if one is missing or malformed. */
export function declaredToolSettings(
  properties: Record<string, DeclaredSetting>,
): Record<Key, DeclaredSetting> {
  const out = {} as Record<Key, DeclaredSetting>;
  for (const key of TOOL_SETTING_KEYS) {
    const d = properties[PREFIX + key];
    if (!d || d.default === undefined) throw new Error(`the manifest does not declare ${PREFIX + key}`);
    out[key] = d;
  }
  return out;
}

/**
 * `raw`: the user's values (a workspace's never reach the application-scoped ones); `workspace`: a workspace's
 * values for the bounds it may only tighten.
 */
export function toolSettingsFrom(
  raw: Record<string, unknown>,
  declared: Record<Key, DeclaredSetting>,
  workspace: Partial<Record<TightenOnlyKey, unknown>> = {},
): { settings: ToolSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const problem = (key: Key, message: string) => problems.push({ setting: PREFIX + key, message });

  const bool = (key: 'enabled' | 'autoApproveReads'): boolean => {
    const fallback = declared[key].default === true;
    const v = raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    problem(key, `must be true or false; using ${fallback}.`);
    return fallback;
  };

  const int = (key: TightenOnlyKey): number => {
    const { default: fallback, minimum: min = 1, maximum: max = Number.MAX_SAFE_INTEGER } = declared[key];
    const ok = (v: unknown): v is number =>
      typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
    const v = raw[key];
    let user = Number(fallback);
    if (ok(v)) user = v;
    else if (v !== undefined && v !== null)
      problem(key, `must be a whole number from ${min} to ${max}; using ${String(fallback)}.`);
    const w = workspace[key];
    if (w === undefined || w === null) return user;
    if (ok(w)) return Math.min(user, w);
    problem(key, `(workspace value) must be a whole number from ${min} to ${max}; ignored.`);
    return user;
  };

  const tools = ((): ToolName[] => {
    const fallback = TOOL_NAMES.filter((t) => (declared.enabledTools.default as unknown[]).includes(t));
    const v = raw.enabledTools;
    if (v === undefined || v === null) return fallback;
    if (!Array.isArray(v)) {
      problem('enabledTools', `must be a list of tool names (${TOOL_NAMES.join(', ')}); using the default.`);
      return fallback;
    }
    const unknown = v.filter((t) => !(TOOL_NAMES as readonly unknown[]).includes(t));
    if (unknown.length > 0)
      problem(
        'enabledTools',
        `${unknown.map((t) => JSON.stringify(t)).join(', ')} ${unknown.length > 1 ? 'are not tool names' : 'is not a tool name'} (ignored); the tools are ${TOOL_NAMES.join(', ')}.`,
      );
    // In the stable order of TOOL_NAMES, once each.
    return TOOL_NAMES.filter((t) => v.includes(t));
  })();

  const allowList = ((): string[] => {
    const v = raw.commandAllowList;
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      problem('commandAllowList', 'must be a list of exact command lines; using an empty list.');
      return [];
    }
    const kept = v.filter((c): c is string => typeof c === 'string' && c.trim() !== '');
    if (kept.length !== v.length)
      problem(
        'commandAllowList',
        'holds entries that are not command lines (not text, or empty); they are ignored.',
      );
    return kept;
  })();

  const secretPatterns = ((): string[] => {
    const v = raw.secretPatterns;
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      problem('secretPatterns', 'must be a list of globs; no patterns are added.');
      return [];
    }
    const kept = v.filter(
      (p): p is string => typeof p === 'string' && p.trim() !== '' && globProblem(p) === undefined,
    );
    if (kept.length !== v.length)
      problem(
        'secretPatterns',
        'holds entries that are not usable globs (not text, empty, or too large); they are ignored.',
      );
    return kept;
  })();

  return {
    settings: {
      enabled: bool('enabled'),
      tools,
      autoApproveReads: bool('autoApproveReads'),
      commandAllowList: allowList,
      commandTimeoutMs: int('commandTimeoutSeconds') * 1000,
      outputCapBytes: int('outputLimitKB') * 1024,
      maxRounds: int('maxRounds'),
      secretPatterns,
    },
    problems,
  };
}
