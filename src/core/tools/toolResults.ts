// The tool results the gate itself writes (the call did not run), in one place: the model reads these words, and
// a restored conversation reads them back to tell a denied call from a failed one.
import type { ToolResultBlock } from '../messages/schema';

const DENIED = 'The user denied this call';

/** A result that goes back to the model as it is. */
export function toolResult(callId: string, content: string, isError: boolean): ToolResultBlock {
  return { type: 'tool_result', tool_use_id: callId, content, ...(isError ? { is_error: true } : {}) };
}

/** The user pressed Deny (with the reason they typed, if any). */
export function deniedResult(callId: string, reason?: string): ToolResultBlock {
  return toolResult(callId, reason ? `${DENIED}: ${reason}` : `${DENIED}.`, true);
}

/** Whether a stored result is a denial (restored cards show "denied", not "failed"). */
export function wasDenied(result: ToolResultBlock, text: string): boolean {
  return result.is_error === true && text.startsWith(DENIED);
}

/** The words a write's result starts with: they tell a restored card whether it created the file or replaced it. */
export const WRITE_RESULT = { created: 'Created', updated: 'Updated' } as const;

/** What the model is told after an edit or write was applied. */
export function writeResultText(relative: string, existed: boolean, text: string): string {
  const lines = text === '' ? 0 : text.split('\n').length;
  return existed
    ? `${WRITE_RESULT.updated} ${relative} (now ${lines} lines).`
    : `${WRITE_RESULT.created} ${relative} (${lines} lines).`;
}

/** Stop was pressed while the card waited for a decision. */
export function stoppedBeforeDecision(callId: string): ToolResultBlock {
  return toolResult(callId, 'The user stopped the turn before deciding on this call; it was not run.', true);
}

/** The turn ended (window closed, reload) while a call waited; a later question answers it with this. */
export function notRunInterrupted(callId: string): ToolResultBlock {
  return toolResult(
    callId,
    'The tool call was not run: the turn was interrupted before the user decided.',
    true,
  );
}
