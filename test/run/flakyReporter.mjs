// Playwright reporter: at the end of the run, one line per test that passed only on a retry,
//   FLAKY: test/e2e/chat.spec.ts › a message streams back ...
// so CI logs show them (a retry that passes otherwise hides the failure), and the same list in
// test-results/flaky.json. Retries are on under CI only (CI=1, see test/e2e/playwright.config.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..', '..');

export default class FlakyReporter {
  /** @type {Map<string, import('@playwright/test/reporter').TestCase>} */
  tests = new Map();

  printsToStdio() {
    return true;
  }

  onTestEnd(test) {
    this.tests.set(test.id, test);
  }

  onEnd() {
    const flaky = [...this.tests.values()]
      .filter((t) => t.outcome() === 'flaky')
      .map((t) => {
        // titlePath(): root suite, project, file, describe blocks..., title.
        const [, , , ...titles] = t.titlePath();
        return {
          file: relative(repo, t.location.file),
          line: t.location.line,
          title: titles.join(' › '),
          attempts: t.results.map((r) => r.status),
        };
      });
    const out = resolve(repo, 'test-results', 'flaky.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(flaky, null, 2) + '\n');
    if (flaky.length === 0) {
      console.log('\nNo flaky tests (none passed only on a retry).');
      return;
    }
    console.log(`\n${flaky.length} test(s) passed only on a retry:`);
    for (const f of flaky) console.log(`FLAKY: ${f.file} › ${f.title}  (${f.attempts.join(', then ')})`);
  }
}
