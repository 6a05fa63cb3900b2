// Browser side of bench/render.mjs: the real renderer and the naive full re-render, side by side in one page.
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { StreamingMarkdown } from '../../src/webview/render/streamingMarkdown';

interface Renderer {
  append(delta: string): void;
  finish(): void;
}

const hooks = { onLink: (): void => undefined, onCodeAction: (): void => undefined };

function incremental(container: HTMLElement): Renderer {
  return new StreamingMarkdown(container, hooks);
}

/** The reference: parse the whole text, sanitize it and replace the DOM on every update. */
function naive(container: HTMLElement): Renderer & { set(text: string): void } {
  let text = '';
  const render = (): void => {
    container.innerHTML = DOMPurify.sanitize(marked.parse(text, { async: false }));
  };
  return {
    append(delta: string) {
      text += delta;
      render();
    },
    set(full: string) {
      text = full;
    },
    finish: render,
  };
}

declare global {
  interface Window {
    renderBench: { incremental: typeof incremental; naive: typeof naive };
  }
}

window.renderBench = { incremental, naive };
