// Finds every process a command started, including ones that left its process group and session with `setsid`
// (docs/threat-model.md, G11): killing the group misses them, and they can keep running forever. On Linux each
// command's environment carries a random marker that its processes inherit, and /proc shows every process's
// environment and parent: a sweep takes the marked processes and all their descendants (a descendant that cleared
// its environment is still a child of a marked one). Each round stops (SIGSTOP) what it found, so nothing can fork
// away between two looks, then looks again; what was found is killed at the end.
//
// The limit, said plainly: a process that clears its environment *and* is orphaned before a sweep (a double fork
// with `env -i`) is not found, nor is anything on a system without /proc (macOS, Windows): there the process group
// is all there is.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';

/** The variable every process of a command inherits; its value is unique to the command. */
export const RUN_MARKER_ENV = 'CLAUDE_MESSAGES_RUN';

export function newRunMarker(): string {
  return randomBytes(16).toString('hex');
}

/** Rounds of stop-and-look before the kill: a process can fork at most once per round before it is stopped. */
const MAX_ROUNDS = 8;

interface ProcInfo {
  pid: number;
  ppid: number;
  marked: boolean;
}

async function readProc(pid: number, needle: Buffer): Promise<ProcInfo | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (after[0] === 'Z') return undefined; // already dead, waiting to be reaped
    const ppid = Number(after[1]);
    const environ = await readFile(`/proc/${pid}/environ`).catch(() => Buffer.alloc(0));
    const marked =
      environ.subarray(0, needle.length - 1).equals(needle.subarray(1)) || environ.includes(needle);
    return { pid, ppid, marked };
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/** The live processes carrying `marker`, and every descendant of them. */
async function scan(marker: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return []; // no /proc: nothing to sweep with
  }
  const needle = Buffer.from(`\0${RUN_MARKER_ENV}=${marker}\0`);
  const infos = (
    await Promise.all(
      names
        .filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid)
        .map((n) => readProc(Number(n), needle)),
    )
  ).filter((p): p is ProcInfo => p !== undefined);
  const children = new Map<number, number[]>();
  for (const p of infos) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const found = new Set<number>();
  // No pid is taken on trust (the shell's own pid may belong to another process once it was reaped): only marked
  // processes, alive now, and their children.
  const queue = infos.filter((p) => p.marked).map((p) => p.pid);
  const live = new Set(infos.map((p) => p.pid));
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (found.has(pid) || !live.has(pid)) continue;
    found.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...found];
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone meanwhile
  }
}

/**
 * Sends `signal` to every process of the command (see above). For SIGKILL, what is found is stopped first and
 * looked for again until a round finds nothing new, so nothing escapes by forking during the sweep.
 */
export async function sweepProcesses(marker: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<number> {
  if (process.platform !== 'linux') return 0;
  if (signal === 'SIGTERM') {
    const found = await scan(marker);
    for (const pid of found) send(pid, 'SIGTERM');
    return found.length;
  }
  const stopped = new Set<number>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fresh = (await scan(marker)).filter((pid) => !stopped.has(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      send(pid, 'SIGSTOP');
      stopped.add(pid);
    }
  }
  for (const pid of stopped) send(pid, 'SIGKILL');
  return stopped.size;
}
