// A deterministic, realistic assistant reply: prose with inline markup, headings, bullet and nested lists,
// numbered steps, tables, quotes and several fenced code blocks per few kilobytes, the mix a coding answer has.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = (
  'the function returns a promise that resolves when the stream ends so callers can await it ' +
  'each delta is appended to the buffer and the parser only looks at the open tail of the message ' +
  'this keeps the cost of an update independent of how long the reply already is which matters for ' +
  'long answers with many code blocks and lists configuration value request response handler cache ' +
  'error retry timeout token session workspace editor selection command setting endpoint model'
).split(' ');

const CODE = {
  ts: [
    'export async function fetchWithRetry(url: string, init: RequestInit, attempts = 3): Promise<Response> {',
    '  let lastError: unknown;',
    '  for (let i = 0; i < attempts; i++) {',
    '    try {',
    '      const res = await fetch(url, init);',
    '      if (res.status < 500) return res; // 4xx are not retried',
    '      lastError = new Error(`HTTP ${res.status}`);',
    '    } catch (err) {',
    '      lastError = err;',
    '    }',
    '    await new Promise((r) => setTimeout(r, 2 ** i * 250));',
    '  }',
    '  throw lastError;',
    '}',
  ],
  python: [
    'from dataclasses import dataclass',
    '',
    '@dataclass',
    'class Chunk:',
    '    index: int',
    '    text: str',
    '',
    'def split(text: str, size: int = 20) -> list[Chunk]:',
    '    """Split text into fixed-size chunks."""',
    '    return [Chunk(i, text[i:i + size]) for i in range(0, len(text), size)]',
    '',
    "if __name__ == '__main__':",
    "    print(len(split('x' * 1000)))",
  ],
  bash: [
    'set -euo pipefail',
    'npm ci',
    'npx tsc --noEmit -p tsconfig.json',
    'for f in dist/*.js; do',
    '  echo "$(wc -c < "$f") $f"',
    'done',
  ],
  json: [
    '{',
    '  "name": "example",',
    '  "version": "1.0.0",',
    '  "scripts": { "build": "esbuild src/index.ts --bundle" },',
    '  "dependencies": { "marked": "^18.0.0" }',
    '}',
  ],
};

export function generateReply(length, seed = 7) {
  const rand = rng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const sentence = () => {
    const n = 8 + Math.floor(rand() * 14);
    const words = [];
    for (let i = 0; i < n; i++) {
      const w = pick(WORDS);
      const r = rand();
      if (r < 0.05) words.push(`\`${w}()\``);
      else if (r < 0.08) words.push(`**${w}**`);
      else if (r < 0.1) words.push(`*${w}*`);
      else if (r < 0.11) words.push(`[${w}](https://example.com/${w})`);
      else words.push(w);
    }
    const s = words.join(' ');
    return s[0].toUpperCase() + s.slice(1) + '.';
  };
  const paragraph = () => Array.from({ length: 2 + Math.floor(rand() * 4) }, sentence).join(' ');
  const code = () => {
    const lang = pick(Object.keys(CODE));
    const lines = [];
    const reps = 1 + Math.floor(rand() * 2);
    for (let i = 0; i < reps; i++) lines.push(...CODE[lang]);
    return '```' + lang + '\n' + lines.join('\n') + '\n```';
  };
  const list = () => {
    const items = [];
    for (let i = 0, n = 3 + Math.floor(rand() * 4); i < n; i++) {
      items.push(`- ${sentence()}`);
      if (rand() < 0.3) items.push(`  - ${sentence()}`, `  - ${sentence()}`);
    }
    return items.join('\n');
  };
  const steps = () =>
    Array.from({ length: 3 + Math.floor(rand() * 3) }, (_, i) => `${i + 1}. ${sentence()}`).join('\n');
  const table = () =>
    [
      '| Option | Default | Meaning |',
      '|---|---|---|',
      ...Array.from(
        { length: 3 + Math.floor(rand() * 4) },
        () => `| \`${pick(WORDS)}\` | ${pick(WORDS)} | ${sentence()} |`,
      ),
    ].join('\n');

  const blocks = [];
  let size = 0;
  let section = 1;
  while (size < length + 2000) {
    const parts = [
      `## ${section++}. ${sentence().slice(0, 40)}`,
      paragraph(),
      rand() < 0.5 ? list() : steps(),
      paragraph(),
      code(),
      paragraph(),
    ];
    if (rand() < 0.3) parts.push(table());
    if (rand() < 0.3) parts.push(`> ${sentence()}`);
    if (rand() < 0.5) parts.push(code());
    for (const p of parts) {
      blocks.push(p);
      size += p.length + 2;
    }
  }
  return blocks.join('\n\n').slice(0, length);
}
