// Runs the local stand-in endpoint in its own process:
//   node --import tsx test/support/endpoint/cli.ts [--port 0] [--key KEY] [--auth x-api-key|bearer|either] [--delay MS]
// Prints `ENDPOINT_URL=http://127.0.0.1:<port>` on stdout (one line, for the parent to read), logs to stderr.
import { parseArgs } from 'node:util';
import { startEndpoint } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    key: { type: 'string' },
    auth: { type: 'string' },
    delay: { type: 'string', default: '15' },
    chunk: { type: 'string', default: '12' },
    quiet: { type: 'boolean', default: false },
  },
});

const auth = values.auth as 'x-api-key' | 'bearer' | 'either' | undefined;
async function main(): Promise<void> {
  const endpoint = await startEndpoint({
    port: Number(values.port),
    apiKey: values.key,
    auth,
    delayMs: Number(values.delay),
    chunkSize: Number(values.chunk),
    log: values.quiet ? undefined : (line) => process.stderr.write(`[local endpoint] ${line}\n`),
  });

  process.stdout.write(`ENDPOINT_URL=${endpoint.url}\n`);
  process.stderr.write(
    `[local endpoint] This is the LOCAL STAND-IN endpoint at ${endpoint.url}, not Anthropic: replies are scripted or echo your message.\n` +
      `[local endpoint] Control API: GET /__control/health, GET /__control/requests, POST /__control/script, /__control/fault, /__control/configure, /__control/reset\n`,
  );

  const stop = () => {
    void endpoint.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`[local endpoint] failed to start: ${String(err)}\n`);
  process.exit(1);
});
