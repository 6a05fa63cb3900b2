// One code-server per test file (worker-scoped), configured by `test.use({ codeServer: {...} })`.
import { test as base } from '@playwright/test';
import { startCodeServer, vsixPath } from '../run/codeServer.mjs';
import { Workbench } from './workbench';

export interface CodeServerOptions {
  trust?: boolean;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  files?: Record<string, string>;
}

interface CodeServerHandle {
  workbenchUrl: string;
  workspace: string;
  output(): string;
  stop(): Promise<void>;
}

export const test = base.extend<
  { workbench: Workbench },
  { codeServerOptions: CodeServerOptions; codeServer: CodeServerHandle }
>({
  codeServerOptions: [{}, { scope: 'worker', option: true }],
  codeServer: [
    async ({ codeServerOptions }, use) => {
      const cs = await startCodeServer({
        vsixes: [vsixPath()],
        files: {
          'README.md': '# sample\n',
          'src/hello.ts': 'export const hello = (n: string) => `hi ${n}`;\n',
        },
        ...codeServerOptions,
        env: {
          ANTHROPIC_API_KEY: '',
          ANTHROPIC_AUTH_TOKEN: '',
          ANTHROPIC_BASE_URL: '',
          ...codeServerOptions.env,
        },
        settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden', ...codeServerOptions.settings },
      });
      await use(cs);
      await cs.stop();
    },
    { scope: 'worker' },
  ],
  workbench: async ({ page, codeServer }, use, testInfo) => {
    const wb = new Workbench(page);
    await wb.open(codeServer.workbenchUrl);
    await use(wb);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('code-server.log', {
        body: codeServer.output().slice(-20_000),
        contentType: 'text/plain',
      });
    }
  },
});

export { expect } from '@playwright/test';
