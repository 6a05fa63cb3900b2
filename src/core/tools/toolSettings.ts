// Validates the `claudeMessages.tools.*` settings as read. A bad value falls back to its default with one problem
// naming the setting; for the lists, the usable entries are kept, so a typo in `enabledTools` never turns a tool
// back on that the user left out.
import type { SettingProblem } from '../connection/endpointSettings';
import { TOOL_NAMES, type ToolName, type ToolSettings } from './types';

export const TOOL_SETTING_DEFAULTS = {
  enabled: true,
  enabledTools: [...TOOL_NAMES] as ToolName[],
  autoApproveReads: false,
  commandAllowList: [] as string[],
  commandTimeoutSeconds: 60,
  outputLimitKB: 64,
  maxRounds: 25,
};

const LIMITS = {
  commandTimeoutSeconds: { min: 1, max: 3600 },
  outputLimitKB: { min: 1, max: 10240 },
  maxRounds: { min: 1, max: 500 },
};

const PREFIX = 'claudeMessages.tools.';

export function toolSettingsFrom(raw: Record<string, unknown>): {
  settings: ToolSettings;
  problems: SettingProblem[];
} {
  const problems: SettingProblem[] = [];
  const problem = (key: string, message: string) => problems.push({ setting: PREFIX + key, message });

  const bool = (key: 'enabled' | 'autoApproveReads'): boolean => {
    const v = raw[key];
    if (v === undefined || v === null) return TOOL_SETTING_DEFAULTS[key];
    if (typeof v === 'boolean') return v;
    problem(key, `must be true or false; using ${TOOL_SETTING_DEFAULTS[key]}.`);
    return TOOL_SETTING_DEFAULTS[key];
  };

  const int = (key: keyof typeof LIMITS): number => {
    const v = raw[key];
    const { min, max } = LIMITS[key];
    if (v === undefined || v === null) return TOOL_SETTING_DEFAULTS[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    problem(key, `must be a whole number from ${min} to ${max}; using ${TOOL_SETTING_DEFAULTS[key]}.`);
    return TOOL_SETTING_DEFAULTS[key];
  };

  const tools = ((): ToolName[] => {
    const v = raw.enabledTools;
    if (v === undefined || v === null) return [...TOOL_SETTING_DEFAULTS.enabledTools];
    if (!Array.isArray(v)) {
      problem('enabledTools', `must be a list of tool names (${TOOL_NAMES.join(', ')}); using all of them.`);
      return [...TOOL_SETTING_DEFAULTS.enabledTools];
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

  return {
    settings: {
      enabled: bool('enabled'),
      tools,
      autoApproveReads: bool('autoApproveReads'),
      commandAllowList: allowList,
      commandTimeoutMs: int('commandTimeoutSeconds') * 1000,
      outputCapBytes: int('outputLimitKB') * 1024,
      maxRounds: int('maxRounds'),
    },
    problems,
  };
}
