// One question's checkpoint as the tool gate sees it: captures before each change its tools make. The checkpoint is
// created on the first change, so a question whose tools change nothing leaves none behind.
import type { Checkpoints } from './checkpoints';

export interface TurnCheckpoint {
  /** Before edit_file or write_file changes this file (resolved inside a workspace folder). */
  beforeWrite(absolute: string): Promise<void>;
  /** Runs a command with its changes captured. */
  aroundCommand<T>(command: string, run: () => Promise<T>): Promise<T>;
}

export interface TurnCheckpointOptions {
  /** The checkpoint the question has already (a continued turn), if any; asked at the first change. */
  existing: () => string | undefined;
  /** The new checkpoint's id, to keep with the conversation. */
  onCreated: (id: string) => void;
  /** A capture that failed: the change still goes ahead (the user approved it), and the log says so. */
  onError: (e: unknown) => void;
}

export function turnCheckpoint(checkpoints: Checkpoints, o: TurnCheckpointOptions): TurnCheckpoint {
  let id: Promise<string> | undefined;
  const current = () => {
    const existing = o.existing();
    id ??= existing
      ? Promise.resolve(existing)
      : checkpoints.create().then((created) => {
          o.onCreated(created);
          return created;
        });
    return id;
  };
  return {
    async beforeWrite(absolute) {
      try {
        await checkpoints.beforeWrite(await current(), absolute);
      } catch (e) {
        o.onError(e);
      }
    },
    async aroundCommand(command, run) {
      let checkpoint: string;
      try {
        checkpoint = await current();
      } catch (e) {
        o.onError(e);
        return run();
      }
      return checkpoints.aroundCommand(checkpoint, command, run);
    },
  };
}
