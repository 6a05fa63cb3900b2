// The benchmark's SSE server, run in its own process so it does not share an event loop with the clients.
// A raw TCP server writing an HTTP/1.1 response by hand: each write is exactly `write` bytes (no chunked framing),
// and the body ends when the connection closes. Prints `PORT=<n>` when ready.
import { createServer, type Socket } from 'node:net';
import { buildInput, INPUTS, type BuiltInput } from './inputs';

const built = new Map<string, BuiltInput>();
for (const input of INPUTS) built.set(input.name, buildInput(input));

const server = createServer((socket) => {
  socket.setNoDelay(true);
  let head = '';
  const onData = (d: Buffer) => {
    head += d.toString('latin1');
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    // Wait for the request body too, so the client never sees a reset while still sending.
    if (head.length < end + 4 + length) return;
    socket.off('data', onData);
    const m = /^\w+ \/in\/([^/]+)\/(\d+)\//.exec(head);
    const input = m ? built.get(m[1]!) : undefined;
    if (!input) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    void send(socket, input.body, Number(m![2]));
  };
  socket.on('data', onData);
  socket.on('error', () => undefined);
});

async function send(socket: Socket, body: Buffer, size: number): Promise<void> {
  socket.write(
    'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nrequest-id: req_bench\r\nconnection: close\r\n\r\n',
  );
  for (let at = 0; at < body.length; at += size) {
    if (socket.destroyed) return;
    if (!socket.write(body.subarray(at, at + size))) await new Promise((r) => socket.once('drain', r));
  }
  socket.end();
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`PORT=${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('disconnect', () => process.exit(0));
