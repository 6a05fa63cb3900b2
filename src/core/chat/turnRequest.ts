// The Messages request for the next reply of a conversation: its history, the user's turn settings, the tools on
// offer and where they work, and (when on) prompt-cache breakpoints.
import type { MessageParam, MessagesRequest, Tool } from '../messages/schema';
import { withoutToolBlocks } from './messageFacts';
import { withCacheBreakpoints } from './promptCache';

/** The user's settings for a turn (validated, see core/connection/endpointSettings.ts). */
export interface TurnDefaults {
  model: string;
  maxTokens: number;
  system: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences: string[];
  thinking?: { budgetTokens: number };
  /** Mark cache breakpoints (tools, system, recent user turns) so repeat turns read the prefix from cache. */
  promptCaching?: boolean;
}

/** The tools offered with a request. */
export interface OfferedTools {
  /** Empty means none are offered. */
  definitions: Tool[];
  /** Where the tools work (folders, shell), added to the system prompt so the model uses them well. */
  context?: string;
}

export function buildTurnRequest(
  messages: MessageParam[],
  defaults: TurnDefaults,
  tools?: OfferedTools,
): MessagesRequest {
  const offered = tools !== undefined && tools.definitions.length > 0;
  const request: MessagesRequest = { model: defaults.model, max_tokens: defaults.maxTokens, messages };
  if (offered) request.tools = tools.definitions;
  else if (
    messages.some((m) => typeof m.content !== 'string' && m.content.some((b) => b.type === 'tool_use'))
  )
    request.messages = withoutToolBlocks(messages);
  const system = [defaults.system.trim(), offered ? tools.context?.trim() : undefined]
    .filter(Boolean)
    .join('\n\n');
  if (system) request.system = system;
  if (defaults.temperature !== undefined) request.temperature = defaults.temperature;
  if (defaults.topP !== undefined) request.top_p = defaults.topP;
  if (defaults.topK !== undefined) request.top_k = defaults.topK;
  if (defaults.stopSequences.length) request.stop_sequences = defaults.stopSequences;
  if (defaults.thinking)
    request.thinking = { type: 'enabled', budget_tokens: defaults.thinking.budgetTokens };
  return defaults.promptCaching ? withCacheBreakpoints(request) : request;
}
