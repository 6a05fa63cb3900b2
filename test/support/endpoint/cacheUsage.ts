// Prompt-cache accounting like the API's: a request's prefix up to each `cache_control` breakpoint is cached; a
// later request sharing a cached prefix reads it (cache_read_input_tokens), the rest up to its last breakpoint is
// written (cache_creation_input_tokens), and what follows the last breakpoint is plain input.
import { createHash } from 'node:crypto';
import { estimateTokens, type UsageNumbers } from './replyEvents';

type Json = Record<string, unknown>;

function segments(body: Json): Json[] {
  const out: Json[] = [];
  for (const t of (body.tools as Json[] | undefined) ?? []) out.push(t);
  const system = body.system;
  if (typeof system === 'string') out.push({ type: 'text', text: system });
  else if (Array.isArray(system)) out.push(...(system as Json[]));
  for (const m of (body.messages as Json[] | undefined) ?? []) {
    if (typeof m.content === 'string') out.push({ type: 'text', text: m.content, role: m.role });
    else if (Array.isArray(m.content)) for (const b of m.content as Json[]) out.push({ ...b, role: m.role });
  }
  return out;
}

/** The prompt's size as this endpoint counts it (usage, count_tokens and the context window agree). */
export function promptTokensOf(body: Json): number {
  return segments(body).reduce((n, s) => {
    const { cache_control: _c, ...plain } = s;
    return n + estimateTokens(JSON.stringify(plain));
  }, 0);
}

export class PromptCache {
  private readonly stored = new Set<string>();

  clear(): void {
    this.stored.clear();
  }

  usageFor(body: Json): UsageNumbers {
    const segs = segments(body);
    const hashes: string[] = [];
    const tokens: number[] = [];
    const hash = createHash('sha256');
    let total = 0;
    for (const s of segs) {
      const { cache_control: _c, ...plain } = s;
      const text = JSON.stringify(plain);
      hash.update(text);
      hashes.push(hash.copy().digest('hex'));
      total += estimateTokens(text);
      tokens.push(total);
    }
    const breakpoints = segs.flatMap((s, i) => (s.cache_control ? [i] : []));
    if (breakpoints.length === 0)
      return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const last = breakpoints[breakpoints.length - 1]!;
    let read = 0;
    for (let i = last; i >= 0; i--) {
      if (this.stored.has(hashes[i]!)) {
        read = tokens[i]!;
        break;
      }
    }
    const created = tokens[last]! - read;
    for (const i of breakpoints) this.stored.add(hashes[i]!);
    return {
      input_tokens: total - tokens[last]!,
      cache_creation_input_tokens: created,
      cache_read_input_tokens: read,
    };
  }
}
