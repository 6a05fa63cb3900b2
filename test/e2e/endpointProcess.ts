// The local endpoint in its own process (its CLI), driven over its HTTP control API: the same way any test
// in another process (here, Playwright's worker) scripts replies and reads what the extension sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** The reply status the endpoint chose. */
  status: number;
}

export class EndpointProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(args: string[]): Promise<EndpointProcess> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/endpoint/cli.ts', '--port', '0', '--quiet', ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`local endpoint exited (${code})`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith('ENDPOINT_URL=')) resolve(line.slice('ENDPOINT_URL='.length));
      });
    });
    return new EndpointProcess(url, child);
  }

  private async control(path: string, body?: unknown): Promise<unknown> {
    const r = await fetch(`${this.url}/__control/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`control ${path}: HTTP ${r.status}`);
    return r.json();
  }

  script(...replies: unknown[]): Promise<unknown> {
    return this.control('script', { replies });
  }

  setFault(fault: unknown, times = 1): Promise<unknown> {
    return this.control('fault', { fault, times });
  }

  /** Changes the endpoint's options (e.g. `{ contextWindow: 20_000 }`) until the next reset. */
  configure(options: Record<string, unknown>): Promise<unknown> {
    return this.control('configure', options);
  }

  reset(): Promise<unknown> {
    return this.control('reset', {});
  }

  /** Stream frames the endpoint has written since its last reset (a reply's progress, as the extension gets it). */
  async streamedEvents(): Promise<number> {
    return ((await this.control('health')) as { framesWritten: number }).framesWritten;
  }

  async requests(): Promise<RecordedRequest[]> {
    return ((await this.control('requests')) as { requests: RecordedRequest[] }).requests;
  }

  close(): void {
    this.child.kill('SIGTERM');
  }
}

/** A content block of a request as the endpoint received it (the fields the specs look at). */
export type Block = {
  type: string;
  text?: string;
  title?: string;
  source?: { media_type: string; data: string };
};

/** The blocks of the last user message the endpoint received (a plain string is one text block). */
export async function lastUserBlocks(endpoint: EndpointProcess): Promise<Block[]> {
  const body = (await endpoint.requests()).at(-1)?.body as { messages: { content: string | Block[] }[] };
  const content = body.messages.at(-1)?.content ?? '';
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}
