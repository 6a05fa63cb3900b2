// The webview's one line to the host, behind a small interface so the chat's components can be tested with a fake
// host (test/unit/webview/fakeHost.ts). The VS Code API object stays in this module's closure, never on `window`:
// content injected into the page must not reach postMessage (docs/threat-model.md, W4).
import { parseHostMessage, type HostMessage, type WebviewMessage } from '../shared/protocol';

export interface HostMessenger {
  post(message: WebviewMessage): void;
  /** Every message from the host that parses; one that does not is dropped with a console warning. */
  onMessage(handler: (message: HostMessage) => void): void;
  /** The webview's own state, kept by VS Code while the view is hidden and re-created (never sent anywhere). */
  getState(): unknown;
  setState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeMessenger(): HostMessenger {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
    onMessage(handler) {
      window.addEventListener('message', (event: MessageEvent) => {
        const parsed = parseHostMessage(event.data);
        if (!parsed.ok) {
          console.warn('claude-messages: ignored a host message:', parsed.reason);
          return;
        }
        handler(parsed.message);
      });
    },
  };
}
