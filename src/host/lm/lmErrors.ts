// Failures of a language-model request as VS Code's LanguageModelError, carrying the same advice the chat view gives
// (core/chat/errorText.ts): the key refused, rate limited and for how long, the gateway's own message and trace id.
// A cancelled request ends as VS Code's CancellationError.
import * as vscode from 'vscode';
import { describeError } from '../../core/chat/errorText';
import { LmRequestError } from '../../core/lm/requestMapping';
import { ApiError } from '../../core/messages/errors';

/** An error from the model or its endpoint: code `Unknown`, the cause attached, as VS Code's API describes it. */
export class EndpointModelError extends vscode.LanguageModelError {
  override readonly code = 'Unknown';
  constructor(message: string, cause?: unknown) {
    super(message);
    if (cause !== undefined) this.cause = cause;
  }
}

/** `where` names the model and its endpoint, e.g. `claude-sonnet-4-5 via "Company gateway"`. */
export function toLanguageModelError(e: unknown, where: string): Error {
  if (e instanceof vscode.LanguageModelError || e instanceof vscode.CancellationError) return e;
  if (e instanceof ApiError && e.kind === 'aborted') return new vscode.CancellationError();
  if (e instanceof LmRequestError)
    return new EndpointModelError(
      vscode.l10n.t('Claude Messages cannot send this request to {0}: {1}', where, e.message),
      e,
    );
  const described = describeError(e);
  return new EndpointModelError(`${where}: ${described.message}`, e);
}
