// One reply streamed back to a language-model caller as parts: each text delta as it arrives (no coalescing: the
// caller decides how often to paint), each tool call whole once its input JSON is complete and parsed. Thinking is
// not passed on: VS Code's stable API has no part for it, and text would mix it into the answer (see
// docs/architecture.md, "Language models for VS Code").
import type { MessagesClient, StreamCallbacks } from '../messages/client';
import type { Message, MessagesRequest } from '../messages/schema';

/** Where parts go: the host turns them into VS Code's LanguageModelTextPart / LanguageModelToolCallPart. */
export interface LmPartSink {
  text(value: string): void;
  toolCall(callId: string, name: string, input: object): void;
}

export function replyCallbacks(sink: LmPartSink): StreamCallbacks {
  return {
    onText: (delta) => {
      if (delta !== '') sink.text(delta);
    },
    onBlockStop: (block) => {
      // A tool_use block reaches its stop only with complete, parsed input (the accumulator refuses cut JSON).
      if (block.type === 'tool_use') {
        const b = block as { id: string; name: string; input: unknown };
        sink.toolCall(b.id, b.name, typeof b.input === 'object' && b.input !== null ? b.input : {});
      }
    },
  };
}

/** Streams one reply into the sink; resolves with the final message (usage, stop reason). */
export function streamReplyParts(options: {
  client: Pick<MessagesClient, 'stream'>;
  request: MessagesRequest;
  sink: LmPartSink;
  signal?: AbortSignal;
}): Promise<Message> {
  return options.client.stream(options.request, replyCallbacks(options.sink), options.signal);
}
