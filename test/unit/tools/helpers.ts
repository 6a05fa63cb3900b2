// A real workspace on disk for the tools' tests: temp folders, real files and real symlinks (no mocks).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { prepareCall, type PreparedCall, type PreparedOf } from '../../../src/core/tools/prepare';
import type { ToolName, ToolSettings } from '../../../src/core/tools/types';
import { TOOL_NAMES } from '../../../src/core/tools/types';

export interface Fixture {
  /** The temp root holding `ws` (the workspace folder) and `outside`. */
  root: string;
  ws: string;
  outside: string;
  folders: string[];
  write(rel: string, content: string | Uint8Array): Promise<string>;
}

const roots: string[] = [];
// Each test file runs in its own process, so this removes that file's workspaces when it is done.
after(() => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

export async function fixture(files: Record<string, string> = {}): Promise<Fixture> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'cm-tools-')));
  roots.push(root);
  const ws = join(root, 'ws');
  const outside = join(root, 'outside');
  await mkdir(ws);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'TOP SECRET\n');
  const write = async (rel: string, content: string | Uint8Array) => {
    const p = join(ws, rel);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, content);
    return p;
  };
  for (const [rel, content] of Object.entries(files)) await write(rel, content);
  return { root, ws, outside, folders: [ws], write };
}

/** Prepares a call that must be valid. */
export async function prepared<T extends ToolName>(
  name: T,
  input: unknown,
  folders: readonly string[],
): Promise<PreparedOf<T>> {
  const r = await prepareCall({ id: 'toolu_1', name, input }, folders);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.call.tool, name);
  return r.call as PreparedOf<T>;
}

export async function preparedAny(
  name: ToolName,
  input: unknown,
  folders: readonly string[],
): Promise<PreparedCall> {
  return prepared(name, input, folders);
}

export function settings(over: Partial<ToolSettings> = {}): ToolSettings {
  return {
    enabled: true,
    tools: [...TOOL_NAMES],
    autoApproveReads: false,
    commandAllowList: [],
    commandTimeoutMs: 60_000,
    outputCapBytes: 64 * 1024,
    maxRounds: 25,
    secretPatterns: [],
    ...over,
  };
}

export const never = new AbortController().signal;
