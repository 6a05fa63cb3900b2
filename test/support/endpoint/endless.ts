// Bodies that never end, for the client's size caps (docs/threat-model.md, R6). Written with backpressure until the
// client hangs up, or until a safety limit: a client without a cap then fails its test instead of taking the
// machine's memory. What was sent, and (once the connection closed) whether the client hung up first, goes into the
// request's record.
import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './types';

/** Far above any cap the client has, far below what would hurt the machine running the tests. */
export const ENDLESS_LIMIT_BYTES = 64 * 1024 * 1024;

const PIECE_BYTES = 16 * 1024;

/** Writes `head`, then `piece` repeated (filled up to 16 KiB) until the client hangs up or the limit is reached. */
export function pumpEndless(
  res: ServerResponse,
  body: { head: string; piece: string },
  record?: RecordedRequest,
): Promise<void> {
  const unit = body.piece.repeat(Math.max(1, Math.floor(PIECE_BYTES / Buffer.byteLength(body.piece))));
  const piece = Buffer.from(unit);
  return new Promise((resolve) => {
    let sent = 0;
    const note = () => {
      if (record) record.sentBytes = sent;
    };
    res.once('close', () => {
      // Closed before everything written was flushed: the client hung up.
      if (record) record.hungUp = !res.writableFinished;
      resolve();
    });
    const pump = () => {
      if (res.destroyed || res.writableEnded) return;
      if (sent >= ENDLESS_LIMIT_BYTES) {
        res.end();
        return;
      }
      sent += piece.length;
      note();
      if (res.write(piece)) setImmediate(pump);
      else res.once('drain', pump);
    };
    sent = Buffer.byteLength(body.head);
    note();
    res.write(body.head);
    pump();
  });
}
