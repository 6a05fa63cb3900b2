// The host's side of the chat: one conversation, one turn at a time, streamed to the webview as coalesced
// deltas. The webview only shows and asks; everything it sends has been validated before it gets here.
import type * as vscode from 'vscode';
import { Conversation } from '../core/chat/conversation';
import { MessagesClient } from '../core/messages/client';
import type { HostMessage } from '../shared/protocol';
import { resolveConnection, setupErrorText } from './connection';
import { requestLogger, withContentLogging } from './log';

export class ChatSession implements vscode.Disposable {
  private conversation = new Conversation();
  private running: { requestId: string; abort: AbortController } | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly post: (message: HostMessage) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  async send(requestId: string, text: string): Promise<void> {
    if (this.running) {
      this.post({ type: 'notice', level: 'warning', text: 'Claude is still answering: stop it or wait.' });
      return;
    }
    const connection = await resolveConnection(this.secrets);
    if (!connection.ok) {
      this.post({
        type: 'notice',
        level: 'error',
        text: setupErrorText(connection),
      });
      return;
    }
    const abort = new AbortController();
    this.running = { requestId, abort };
    this.post({ type: 'turnStart', requestId, text });
    const client = withContentLogging(
      new MessagesClient({ ...connection.client, onLog: requestLogger(this.log, connection.client.baseUrl) }),
      this.log,
      connection.verbose ? connection.client.apiKey : false,
    );
    try {
      const outcome = await this.conversation.runTurn(
        client,
        connection.turn,
        text,
        (d) => this.post({ type: 'turnDelta', requestId, text: d.text, thinking: d.thinking || undefined }),
        abort.signal,
      );
      if (outcome.type === 'error') {
        this.post({
          type: 'turnError',
          requestId,
          kind: outcome.kind,
          message: outcome.message,
          retryable: outcome.retryable,
        });
      } else {
        const m = outcome.type === 'done' ? outcome.message : undefined;
        this.post({
          type: 'turnEnd',
          requestId,
          stopReason: m?.stop_reason ?? null,
          model: m?.model ?? connection.turn.model,
          stopped: outcome.stopped,
          usage: m?.usage
            ? {
                inputTokens: m.usage.input_tokens ?? 0,
                outputTokens: m.usage.output_tokens ?? 0,
                cacheReadTokens: m.usage.cache_read_input_tokens ?? 0,
                cacheWriteTokens: m.usage.cache_creation_input_tokens ?? 0,
              }
            : undefined,
        });
      }
    } finally {
      this.running = undefined;
    }
  }

  stop(requestId?: string): void {
    if (this.running && (requestId === undefined || this.running.requestId === requestId))
      this.running.abort.abort();
  }

  clear(): void {
    this.stop();
    this.conversation = new Conversation();
  }

  dispose(): void {
    this.stop();
  }
}
