// A typed fake of the host side of the webview protocol: records what the chat posts and delivers host messages
// the way the real messenger does (parsed first, so a malformed fixture fails the test instead of testing nothing).
import { parseHostMessage, type HostMessage, type WebviewMessage } from '../../../src/shared/protocol';
import type { HostMessenger } from '../../../src/webview/hostMessenger';

export class FakeHost implements HostMessenger {
  readonly sent: WebviewMessage[] = [];
  private handler: ((message: HostMessage) => void) | undefined;
  /** What the chat kept with setState (VS Code keeps it across re-creations of the view). */
  state: unknown;

  getState(): unknown {
    return this.state;
  }

  setState(state: unknown): void {
    this.state = JSON.parse(JSON.stringify(state)) as unknown;
  }

  post(message: WebviewMessage): void {
    this.sent.push(JSON.parse(JSON.stringify(message)) as WebviewMessage);
  }

  onMessage(handler: (message: HostMessage) => void): void {
    this.handler = handler;
  }

  deliver(message: HostMessage): void {
    const parsed = parseHostMessage(message);
    if (!parsed.ok) throw new Error(`not a valid host message: ${parsed.reason}`);
    if (!this.handler) throw new Error('the chat has not subscribed to host messages');
    this.handler(parsed.message);
  }
}
