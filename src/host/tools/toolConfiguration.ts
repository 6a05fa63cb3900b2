// The tool settings as VS Code holds them, validated in core against what the manifest declares (its defaults and
// bounds, read from the installed extension's package.json, so they are written in one place). The settings that
// loosen the gate are application-scoped in the manifest and read from the user's values only, so a repository's
// .vscode/settings.json never reaches them; for the timeout, the output cap and the round limit a workspace value
// counts only when it is smaller (docs/threat-model.md, K5).
import * as vscode from 'vscode';
import {
  TIGHTEN_ONLY_KEYS,
  TOOL_SETTING_KEYS,
  declaredToolSettings,
  toolSettingsFrom,
  type DeclaredSetting,
  type TightenOnlyKey,
} from '../../core/tools/toolSettings';
import type { ToolSettings } from '../../core/tools/types';

const EXTENSION_ID = 'claude-messages.claude-messages';
let declared: ReturnType<typeof declaredToolSettings> | undefined;

function declarations(): ReturnType<typeof declaredToolSettings> {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as
    { contributes?: { configuration?: { properties?: Record<string, DeclaredSetting> } } } | undefined;
  return (declared ??= declaredToolSettings(manifest?.contributes?.configuration?.properties ?? {}));
}

export function readToolSettings(log?: vscode.LogOutputChannel): ToolSettings {
  const config = vscode.workspace.getConfiguration('claudeMessages.tools');
  const raw: Record<string, unknown> = {};
  const workspace: Partial<Record<TightenOnlyKey, unknown>> = {};
  for (const key of TOOL_SETTING_KEYS) {
    // The user's own value only; the manifest's default is applied in core.
    const i = config.inspect(key);
    if (i?.globalValue !== undefined) raw[key] = i.globalValue;
  }
  for (const key of TIGHTEN_ONLY_KEYS) {
    const i = config.inspect(key);
    if (i?.workspaceValue !== undefined) workspace[key] = i.workspaceValue;
  }
  const { settings, problems } = toolSettingsFrom(raw, declarations(), workspace);
  for (const p of problems) log?.warn(`${p.setting} ${p.message}`);
  return settings;
}

/** The workspace folders as file-system paths (tools work on local folders only). */
export function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
}

/** `files.exclude` globs that are on, for listing and searching like the explorer does. */
export function filesExclude(): string[] {
  return enabledGlobs('files');
}

/** `search.exclude` globs that are on (node_modules and the like by default), for `@` suggestions as search does. */
export function searchExclude(): string[] {
  return enabledGlobs('search');
}

function enabledGlobs(section: 'files' | 'search'): string[] {
  const exclude = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(exclude)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}
