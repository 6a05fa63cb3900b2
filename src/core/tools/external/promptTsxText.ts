// VS Code's tools may answer with a prompt-tsx part: a JSON tree of elements whose leaves carry the text. The
// model gets that text, in document order; a tree too deep or too large is cut (a tool's output is untrusted).
const MAX_DEPTH = 64;
const MAX_CHARS = 4 * 1024 * 1024;

export function promptTsxText(value: unknown): string {
  const out: string[] = [];
  let chars = 0;
  const walk = (v: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || chars > MAX_CHARS || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.text === 'string') {
      out.push(o.text);
      chars += o.text.length;
    }
    for (const [k, x] of Object.entries(o)) if (k !== 'text') walk(x, depth + 1);
  };
  walk(value, 0);
  return out.join('');
}
