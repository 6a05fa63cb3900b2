// Writes a reply's frames to the socket with the stream faults applied (cut, error event, stall, a line that never
// ends, keep-alives only), honouring backpressure, and writes raw replies in exact pieces so framing can be tested
// across chunk boundaries.
import type { ServerResponse } from 'node:http';
import { pumpEndless } from './endless';
import type { Fault, RawReply, RecordedRequest } from './types';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function closed(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded;
}

async function write(res: ServerResponse, chunk: string | Buffer): Promise<void> {
  if (closed(res)) return;
  if (!res.write(chunk))
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
}

/** Waits until the client hangs up (a stall the client must detect), or `ms` if given. */
function stall(res: ServerResponse, ms: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (closed(res)) return resolve();
    const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
    res.once('close', () => {
      if (timer) clearTimeout(timer);
      resolve();
    });
  });
}

/** Sends only keep-alives (a comment or a ping frame) until the client hangs up or `limit` were sent. */
async function keepAlive(res: ServerResponse, fault: Extract<Fault, { type: 'keepalive' }>, ping: string) {
  const frame = fault.form === 'comment' ? ': keepalive\n\n' : ping;
  for (let n = 0; n < (fault.limit ?? 4000) && !closed(res); n++) {
    await write(res, frame);
    await sleep(fault.everyMs ?? 5);
  }
}

export async function writeFrames(
  res: ServerResponse,
  frames: string[],
  options: {
    delayMs: number;
    fault?: Fault;
    errorFrame: (type: string, message: string) => string;
    /** Called after each frame is written (tests watch a stream's progress through it). */
    onFrame?: () => void;
    /** The start of a text delta's data line in this format, up to the text (for a line that never ends). */
    lineHead?: string;
    /** A keep-alive event in this format. */
    pingFrame?: string;
    /** Where a line that never ends records what it sent. */
    record?: RecordedRequest;
  },
): Promise<void> {
  const { fault, delayMs } = options;
  for (let i = 0; i <= frames.length; i++) {
    if (closed(res)) return;
    if (fault?.type === 'endless-line' && i === fault.afterEvents) {
      await pumpEndless(res, { head: options.lineHead ?? 'data: ', piece: 'runaway ' }, options.record);
      return;
    }
    if (fault?.type === 'keepalive' && i === fault.afterEvents) {
      await keepAlive(res, fault, options.pingFrame ?? ': ping\n\n');
      break;
    }
    if (fault?.type === 'cut' && i === fault.afterEvents) {
      const frame = frames[i];
      if (fault.midEvent && frame) await write(res, frame.slice(0, frame.length >> 1));
      if (fault.reset) {
        // Let what was written reach the client first, then drop the connection with a TCP reset.
        await sleep(30);
        if (res.socket) res.socket.resetAndDestroy();
        else res.destroy();
        return;
      }
      break;
    }
    if (fault?.type === 'error-event' && i === fault.afterEvents) {
      await write(
        res,
        options.errorFrame(fault.errorType ?? 'overloaded_error', fault.message ?? 'Overloaded'),
      );
      break;
    }
    if (fault?.type === 'stall' && i === fault.afterEvents) {
      await stall(res, fault.ms);
      break;
    }
    const frame = frames[i];
    if (frame === undefined) break;
    await write(res, frame);
    options.onFrame?.();
    if (delayMs > 0) await sleep(delayMs);
  }
  if (!closed(res)) res.end();
}

export async function writeRaw(
  res: ServerResponse,
  reply: RawReply,
  extraHeaders: Record<string, string>,
): Promise<void> {
  res.writeHead(reply.status ?? 200, {
    'content-type': reply.contentType ?? 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...extraHeaders,
    ...reply.headers,
  });
  res.flushHeaders();
  const bytes = Buffer.from(reply.raw, 'utf8');
  let at = 0;
  for (const size of reply.splits ?? []) {
    if (at >= bytes.length) break;
    await write(res, bytes.subarray(at, at + size));
    at += size;
    // Yield so each piece leaves as its own write (the socket has no Nagle delay).
    await new Promise((r) => setImmediate(r));
  }
  if (at < bytes.length) await write(res, bytes.subarray(at));
  res.end();
}
