// The language-model provider behind register.ts, loaded on first use: the model list (modelCatalog.ts), one
// request (its model's profile, that profile's key and endpoint only, the mapping in core/lm, the reply streamed
// back as parts), and token counts. Each request is logged with its model, profile and, where VS Code names it, the
// calling extension (docs/threat-model.md, K6).
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import '../../shared/zodLocale';
import { parseLmModelId } from '../../core/lm/modelInfo';
import { modelLimits, reportedLimits } from '../../core/lm/modelLimits';
import { streamReplyParts } from '../../core/lm/replyParts';
import { buildLmRequest } from '../../core/lm/requestMapping';
import { countableBlocks, TokenCounter } from '../../core/lm/tokenCounter';
import { requestTokens } from '../../core/lm/tokenEstimate';
import { MessagesClient } from '../../core/messages/client';
import { requestLogger, requestLogLine, withContentLogging } from '../../core/messages/requestLog';
import type { Profile } from '../../core/connection/profiles';
import { clientConfig, keyFor, readProfileSettings } from '../connection/resolveConnection';
import { modelsOffered } from './consent';
import { catalogProfile, ModelCatalog } from './modelCatalog';
import { EndpointModelError, toLanguageModelError } from './lmErrors';
import { endpointLabel } from '../../core/lm/modelInfo';
import { progressSink, toLmMessage, toLmTools } from './parts';
import { providerSettings } from './providerSettings';

/** VS Code 1.139 names the calling extension in `requestInitiator` (a proposed API field, not in the stable types). */
const Caller = z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[\w.-]+$/));

function callerOf(options: vscode.ProvideLanguageModelChatResponseOptions): string | undefined {
  const parsed = Caller.safeParse((options as { requestInitiator?: unknown }).requestInitiator);
  return parsed.success ? parsed.data : undefined;
}

export interface RespondArgs {
  model: vscode.LanguageModelChatInformation;
  messages: readonly vscode.LanguageModelChatRequestMessage[];
  options: vscode.ProvideLanguageModelChatResponseOptions;
  progress: vscode.Progress<vscode.LanguageModelResponsePart>;
  token: vscode.CancellationToken;
}

export type LanguageModelService = ReturnType<typeof createLanguageModelService>;

export function createLanguageModelService(deps: {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  changed: vscode.Event<void>;
}) {
  const { context, log } = deps;
  const secrets = context.secrets;
  const catalog = new ModelCatalog(secrets, log);
  const counter = new TokenCounter();
  context.subscriptions.push(deps.changed(() => catalog.forget()));

  /** The model's profile as the user has it now, with its own key: never another profile's endpoint or key. */
  async function target(modelId: string) {
    const parsed = parseLmModelId(modelId);
    if (!parsed)
      throw vscode.LanguageModelError.NotFound(
        vscode.l10n.t('"{0}" is not a Claude Messages model id.', modelId),
      );
    const profile = readProfileSettings().read.profiles.find((p) => p.name === parsed.profile);
    if (!profile)
      throw vscode.LanguageModelError.NotFound(
        vscode.l10n.t(
          'The endpoint profile "{0}" of this model no longer exists (or its settings are invalid): pick another model, or fix it with "Claude: Select Endpoint".',
          parsed.profile,
        ),
      );
    const key = await keyFor(secrets, profile);
    return {
      profile,
      model: parsed.model,
      key,
      where: `${parsed.model} via ${endpointLabel(catalogProfile(profile))}`,
    };
  }

  function signalOf(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
    const abort = new AbortController();
    if (token.isCancellationRequested) abort.abort();
    const sub = token.onCancellationRequested(() => abort.abort());
    return { signal: abort.signal, dispose: () => sub.dispose() };
  }

  function countKey(profile: Profile): string {
    return `${profile.name}\0${profile.endpoint.baseUrl}`;
  }

  return {
    async models(
      _options: vscode.PrepareLanguageModelChatModelOptions,
      token: vscode.CancellationToken,
    ): Promise<vscode.LanguageModelChatInformation[]> {
      const cancel = signalOf(token);
      try {
        return await catalog.models(cancel.signal);
      } finally {
        cancel.dispose();
      }
    },

    async respond(args: RespondArgs): Promise<void> {
      const { model, messages, options, progress, token } = args;
      const t = await target(model.id);
      try {
        if (!t.key.key)
          throw new EndpointModelError(
            vscode.l10n.t(
              '{0}: the profile "{1}" has no API key. Select it with "Claude: Select Endpoint" and run "Claude: Set API Key".',
              t.where,
              t.profile.name,
            ),
          );
        const settings = providerSettings();
        if (settings.problem) throw new EndpointModelError(`${t.where}: ${settings.problem}`);
        const listed = catalog.listedModel(model.id);
        const limits = modelLimits({
          modelId: t.model,
          reported: listed ? reportedLimits(listed) : undefined,
          betas: t.profile.endpoint.anthropicBeta,
        });
        const { request, skipped } = buildLmRequest({
          model: t.model,
          messages: messages.map((m, i) => toLmMessage(m, i)),
          tools: toLmTools(options.tools),
          toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
          modelOptions: options.modelOptions,
          defaultMaxTokens: Math.min(settings.maxTokens, limits.maxOutput),
          promptCaching: settings.promptCaching,
        });
        const caller = callerOf(options);
        const baseUrl = t.profile.endpoint.baseUrl;
        log.info(
          `language model request: model=${t.model} profile="${t.profile.name}" endpoint=${baseUrl} caller=${caller ?? '(not named by VS Code)'} messages=${request.messages.length} tools=${request.tools?.length ?? 0}${skipped.length ? ` left-out=${skipped.join(',')}` : ''}`,
        );
        const client = withContentLogging(
          new MessagesClient({ ...clientConfig(t.profile, t.key), onLog: requestLogger(log, baseUrl) }),
          log,
          settings.verbose ? t.key.key : false,
        );
        const sink = progressSink(progress);
        const cancel = signalOf(token);
        try {
          const reply = await streamReplyParts({ client, request, sink, signal: cancel.signal });
          const u = reply.usage;
          const input =
            u.input_tokens + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);
          counter.observeUsage(countKey(t.profile), t.model, requestTokens(request), input);
          log.info(
            `language model reply: model=${t.model} profile="${t.profile.name}" stop=${reply.stop_reason ?? '-'} parts=${sink.parts} input=${input} output=${u.output_tokens}`,
          );
        } finally {
          cancel.dispose();
        }
      } catch (e) {
        const error = toLanguageModelError(e, t.where);
        if (!(error instanceof vscode.CancellationError))
          log.warn(`language model request failed: ${error.message}`);
        else log.info(`language model request cancelled: model=${t.model} profile="${t.profile.name}"`);
        throw error;
      }
    },

    async countTokens(
      model: vscode.LanguageModelChatInformation,
      text: string | vscode.LanguageModelChatRequestMessage,
      token: vscode.CancellationToken,
    ): Promise<number> {
      const t = await target(model.id);
      const blocks =
        typeof text === 'string'
          ? text.trim() === ''
            ? []
            : [{ type: 'text' as const, text }]
          : countableBlocks(toLmMessage(text));
      // Only while the models are offered does content go to the endpoint to be counted.
      const canAsk =
        modelsOffered() && t.key.key !== undefined && t.profile.endpoint.apiFormat === 'messages';
      const baseUrl = t.profile.endpoint.baseUrl;
      const client = canAsk
        ? new MessagesClient({
            ...clientConfig(t.profile, t.key),
            maxRetries: 0,
            onLog: (e) => log.debug(requestLogLine(baseUrl, e)),
          })
        : undefined;
      const cancel = signalOf(token);
      try {
        const r = await counter.count({
          endpoint: countKey(t.profile),
          model: t.model,
          blocks,
          client,
          signal: cancel.signal,
        });
        if (r.note && client) log.debug(`token count for ${t.where} estimated: ${r.note}`);
        return r.tokens;
      } catch (e) {
        throw toLanguageModelError(e, t.where);
      } finally {
        cancel.dispose();
      }
    },
  };
}
