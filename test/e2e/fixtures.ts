// One code-server per test file (worker-scoped), configured by `test.use({ codeServer: {...} })`.
import { test as base } from '@playwright/test';
import { startCodeServer, vsixPath } from '../run/codeServer.mjs';
import { Workbench } from './workbench';
import { EndpointProcess } from './endpointProcess';

/** The key the local endpoint expects when a test file asks for `useEndpoint`. */
export const ENDPOINT_KEY = 'sk-e2e-local-endpoint-key';

export interface CodeServerOptions {
  trust?: boolean;
  /** Point the extension at the worker's local endpoint through ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY. */
  useEndpoint?: boolean;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Workspace files by relative path: text, or bytes for binary files (a PDF, a PNG). */
  files?: Record<string, string | Uint8Array>;
  /** VS Code's display language, e.g. 'zh-cn' (code-server's --locale). */
  locale?: string;
}

interface CodeServerHandle {
  workbenchUrl: string;
  workspace: string;
  /** The throwaway folder holding user data, extensions and the workspace (for tests that scan what was written). */
  root: string;
  output(): string;
  stop(): Promise<void>;
}

export const test = base.extend<
  { workbench: Workbench },
  { codeServerOptions: CodeServerOptions; codeServer: CodeServerHandle; endpoint: EndpointProcess }
>({
  codeServerOptions: [{}, { scope: 'worker', option: true }],
  endpoint: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the pattern
    async ({}, use) => {
      const endpoint = await EndpointProcess.start([
        '--key',
        ENDPOINT_KEY,
        '--auth',
        'either',
        '--delay',
        '5',
        '--chunk',
        '20',
      ]);
      await use(endpoint);
      endpoint.close();
    },
    { scope: 'worker' },
  ],
  codeServer: [
    async ({ codeServerOptions, endpoint }, use) => {
      const endpointEnv = codeServerOptions.useEndpoint
        ? { ANTHROPIC_API_KEY: ENDPOINT_KEY, ANTHROPIC_BASE_URL: endpoint.url }
        : {};
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
          ...endpointEnv,
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
