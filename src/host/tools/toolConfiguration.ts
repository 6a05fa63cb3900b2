// The tool settings as VS Code holds them, validated in core. The settings that loosen the gate are
// application-scoped in the manifest, so a repository's .vscode/settings.json never reaches them here.
import * as vscode from 'vscode';
import { toolSettingsFrom } from '../../core/tools/toolSettings';
import type { ToolSettings } from '../../core/tools/types';

const KEYS = [
  'enabled',
  'enabledTools',
  'autoApproveReads',
  'commandAllowList',
  'commandTimeoutSeconds',
  'outputLimitKB',
  'maxRounds',
] as const;

export function readToolSettings(log?: vscode.LogOutputChannel): ToolSettings {
  const config = vscode.workspace.getConfiguration('claudeMessages.tools');
  const raw: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = config.get(key);
    if (value !== undefined) raw[key] = value;
  }
  const { settings, problems } = toolSettingsFrom(raw);
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
  const exclude = vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(exclude)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}
