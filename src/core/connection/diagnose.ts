// "Test Connection": reach the endpoint, check the key, list the models, send a one-token message. Each step
// reports what happened, how long it took and, when it failed, what to do about it. vscode-free: the host only
// shows the report. No request follows a redirect to another origin (docs/threat-model.md, K4): a step that met
// one says where the endpoint pointed and what to set.
import { MessagesClient, type MessagesClientConfig } from '../messages/client';
import { ApiError } from '../messages/errors';
import { l10n } from '../l10n';
import { apiUrl } from '../messages/headers';
import { fetchSameOrigin } from '../messages/redirects';
import { describeBaseUrl } from '../net/baseUrl';
import { describeRoute, type Route } from '../net/proxy';
import {
  adviceForError,
  adviceForNetwork,
  classifyNetworkError,
  mentionsModel,
  type AdviceContext,
} from './advice';

export type StepId = 'reach' | 'key' | 'models' | 'message';
export type StepStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface StepResult {
  id: StepId;
  title: string;
  status: StepStatus;
  /** Wall-clock time of the request behind this step. */
  ms?: number;
  detail: string;
  /** What to do, for a failure or warning. */
  advice?: string;
  /** The endpoint's own identification of the failure, for a support ticket. */
  status_code?: number;
  errorCode?: string;
  requestId?: string;
}

export interface DiagnosisReport {
  ok: boolean;
  profile: string;
  baseUrl: string;
  apiFormat: 'messages' | 'chat-completions';
  authHeader: 'x-api-key' | 'bearer';
  keySource: string;
  model: string;
  steps: StepResult[];
  models: string[];
  /** The network path: the base URL as normalised, the proxy (or why none), TLS settings. */
  network: string[];
  /** host:port of the proxy the requests went through, when one did. */
  proxy?: string;
  /** False when certificate verification was off for this test. */
  verifiesCertificates: boolean;
}

/** What the host knows about the network path (see createNetworkFetch); absent in tests without one. */
export interface DiagnoseNetwork {
  route(url: string): Route;
  verifiesCertificates: boolean;
  caCertificates: readonly string[];
}

export interface DiagnoseInput {
  profile: string;
  /** The profile's client settings; `onLog` receives each request of the test (the host logs them). */
  client: Omit<MessagesClientConfig, 'maxRetries'>;
  model: string;
  /** Where the key came from, for the report ("secret storage", "ANTHROPIC_API_KEY"); never the key. */
  keySource: string;
  timeoutMs?: number;
  /** The base URL as the user entered it, when normalising changed it. */
  enteredBaseUrl?: string;
  network?: DiagnoseNetwork;
}

const DEFAULT_TIMEOUT_MS = 20_000;

// A function, not a table: titles are translated when the report is made (src/core/l10n.ts).
function titleOf(id: StepId): string {
  switch (id) {
    case 'reach':
      return l10n.t('Reach the endpoint');
    case 'key':
      return l10n.t('Check the key');
    case 'models':
      return l10n.t('List models');
    case 'message':
      return l10n.t('Send a one-token message');
  }
}

export async function diagnose(input: DiagnoseInput, signal?: AbortSignal): Promise<DiagnosisReport> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cfg = input.client;
  const steps = new Map<StepId, StepResult>();
  const set = (id: StepId, r: Omit<StepResult, 'id' | 'title'>) =>
    steps.set(id, { id, title: titleOf(id), ...r });
  const report = (models: string[]): DiagnosisReport => {
    const ordered = (['reach', 'key', 'models', 'message'] as StepId[]).map(
      (id) =>
        steps.get(id) ?? {
          id,
          title: titleOf(id),
          status: 'skip' as const,
          detail: l10n.t('Not run: an earlier step failed.'),
        },
    );
    return {
      ok: ordered.every((s) => s.status === 'pass' || s.status === 'warn'),
      profile: input.profile,
      baseUrl: cfg.baseUrl,
      apiFormat: cfg.apiFormat,
      authHeader: cfg.authHeader,
      keySource: input.keySource,
      model: input.model,
      steps: ordered,
      models,
      ...networkFacts(input),
    };
  };

  const context = { apiFormat: cfg.apiFormat, authHeader: cfg.authHeader, model: input.model };

  // 1. Reach: any HTTP answer at all proves DNS, TCP and TLS work. No key is sent with this one.
  const reach = await reachStep(input, context, signal);
  set('reach', reach);
  if (reach.status === 'fail') return report([]);

  if (!cfg.apiKey) {
    set('key', {
      status: 'fail',
      detail: l10n.t('No key is set for this endpoint.'),
      advice: l10n.t('Run "Claude: Set API Key" (stored in VS Code\'s secret storage).'),
    });
    return report([]);
  }

  const client = new MessagesClient({
    ...cfg,
    maxRetries: 0,
    headersTimeoutMs: timeoutMs,
    idleTimeoutMs: timeoutMs,
  });

  // 2 + 3. The model list needs the key, so it checks the key too (when the endpoint offers the list).
  let models: string[] = [];
  let t0 = performance.now();
  try {
    models = (await client.listModels(signal)).map((m) => m.id);
    const ms = elapsed(t0);
    set('key', {
      status: 'pass',
      ms,
      detail: l10n.t('Accepted (sent as {0}, from {1}).', headerName(cfg.authHeader), input.keySource),
    });
    const listed = models.includes(input.model);
    set('models', {
      status: listed || models.length === 0 ? 'pass' : 'warn',
      ms,
      detail:
        models.length === 0
          ? l10n.t('0 models.')
          : models.length === 1
            ? l10n.t('1 model: {0}.', preview(models))
            : l10n.t('{0} models: {1}.', models.length, preview(models)),
      advice:
        listed || models.length === 0
          ? undefined
          : l10n.t(
              'The configured model "{0}" is not in the list; the message step shows whether the endpoint accepts it anyway.',
              input.model,
            ),
    });
  } catch (err) {
    const e = asApiError(err);
    const ms = elapsed(t0);
    if (e.kind === 'auth' || e.kind === 'permission') {
      set('key', {
        status: 'fail',
        ms,
        detail: e.message,
        advice: adviceForError(e, context, 'key'),
        ...ids(e),
      });
      return report([]);
    }
    set('models', {
      status: 'warn',
      ms,
      detail: e.message,
      advice:
        e.kind === 'redirect'
          ? adviceForError(e, context, 'key')
          : l10n.t(
              'This endpoint does not list models (many gateways do not); chat can still work. Type the model id in claudeMessages.model.',
            ),
      ...ids(e),
    });
  }

  // 4. A real (tiny) message through the configured format.
  t0 = performance.now();
  try {
    const m = await client.create(
      { model: input.model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] },
      signal,
    );
    set('message', {
      status: 'pass',
      ms: elapsed(t0),
      detail: l10n.t(
        '{0} replied (stop reason {1}, {2} in / {3} out).',
        m.model,
        m.stop_reason ?? 'none',
        m.usage.input_tokens ?? 0,
        m.usage.output_tokens ?? 0,
      ),
    });
    if (!steps.has('key'))
      set('key', {
        status: 'pass',
        detail: l10n.t(
          'Accepted by the message request (sent as {0}, from {1}).',
          headerName(cfg.authHeader),
          input.keySource,
        ),
      });
  } catch (err) {
    const e = asApiError(err);
    let advice = adviceForError(e, context, 'message');
    if (e.kind === 'not_found' && cfg.apiFormat === 'messages' && !mentionsModel(e, input.model)) {
      const chat = await probeChatCompletions(cfg, input.model, timeoutMs, signal);
      if (chat)
        advice = `${chat} ${l10n.t('Set claudeMessages.apiFormat (or this profile\'s apiFormat) to "chat-completions".')}`;
    }
    if (e.kind === 'auth' || e.kind === 'permission') {
      set('key', { status: 'fail', ms: elapsed(t0), detail: e.message, advice, ...ids(e) });
    } else {
      if (!steps.has('key'))
        set('key', {
          status: 'warn',
          detail:
            e.kind === 'redirect'
              ? l10n.t('Not checked: the key is never sent along a redirect to another origin.')
              : l10n.t('Not refused, but the message failed: see below.'),
        });
      set('message', { status: 'fail', ms: elapsed(t0), detail: e.message, advice, ...ids(e) });
    }
  }
  return report(models);
}

/** Whether the host answers at all, without the key. A redirect is an answer: it is reported, not followed. */
async function reachStep(
  input: DiagnoseInput,
  context: AdviceContext,
  signal: AbortSignal | undefined,
): Promise<Omit<StepResult, 'id' | 'title'>> {
  const cfg = input.client;
  const url = apiUrl(cfg.baseUrl, '/v1/models');
  const host = new URL(url).host;
  const t0 = performance.now();
  try {
    const r = await fetchSameOrigin(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', 'anthropic-version': cfg.anthropicVersion },
        signal: anySignal(signal, input.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      },
      { fetch: cfg.fetch ?? fetch, secrets: [cfg.apiKey] },
    );
    await r.body?.cancel().catch(() => undefined);
    return { status: 'pass', ms: elapsed(t0), detail: l10n.t('{0} answered (HTTP {1}).', host, r.status) };
  } catch (err) {
    if (err instanceof ApiError && err.kind === 'redirect') {
      // Reachable. Whether the requests that matter are redirected too is for their own steps to say: some
      // gateways redirect only a keyless GET (to a login page).
      return {
        status: 'warn',
        ms: elapsed(t0),
        detail: l10n.t(
          '{0} answered with a redirect (HTTP {1}) to {2}, which was not followed.',
          host,
          err.status ?? '?',
          err.redirectTo ?? '?',
        ),
        advice: adviceForError(err, context, 'key'),
        status_code: err.status,
      };
    }
    const net = classifyNetworkError(err, host);
    return {
      status: 'fail',
      ms: elapsed(t0),
      detail: net.detail,
      advice: adviceForNetwork(net, cfg.baseUrl),
    };
  }
}

/** The report's network lines: what base URL was used, the route (proxy or direct), what TLS trusts. */
function networkFacts(
  input: DiagnoseInput,
): Pick<DiagnosisReport, 'network' | 'proxy' | 'verifiesCertificates'> {
  const cfg = input.client;
  const lines: string[] = [];
  const note = input.enteredBaseUrl
    ? describeBaseUrl(input.enteredBaseUrl, cfg.baseUrl, cfg.apiFormat)
    : undefined;
  if (note) lines.push(note);
  const net = input.network;
  if (!net) return { network: lines, verifiesCertificates: true };
  const route = net.route(apiUrl(cfg.baseUrl, '/v1/messages'));
  lines.push(describeRoute(route));
  if (net.caCertificates.length > 0)
    lines.push(
      l10n.t(
        'Also trusting the CAs in claudeMessages.tls.caCertificates: {0}.',
        net.caCertificates.join(', '),
      ),
    );
  if (!net.verifiesCertificates)
    lines.push(
      l10n.t(
        'TLS certificate verification is OFF (claudeMessages.tls.rejectUnauthorized is false in your user settings): anything between you and the endpoint can read the key. Turn it back on once the CA is trusted.',
      ),
    );
  return {
    network: lines,
    proxy: route.kind === 'proxy' ? route.display : undefined,
    verifiesCertificates: net.verifiesCertificates,
  };
}

/** After a 404 on /v1/messages: does the same host answer Chat Completions? Returns a sentence when it does. */
async function probeChatCompletions(
  cfg: DiagnoseInput['client'],
  model: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const client = new MessagesClient({
    ...cfg,
    apiFormat: 'chat-completions',
    maxRetries: 0,
    headersTimeoutMs: timeoutMs,
  });
  try {
    await client.create({ model, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] }, signal);
    return l10n.t(
      'The same host answered POST /v1/chat/completions: it speaks Chat Completions, not the Messages API.',
    );
  } catch (err) {
    const e = asApiError(err);
    return e.kind === 'not_found' || e.kind === 'network' || e.kind === 'redirect'
      ? undefined
      : l10n.t('POST /v1/chat/completions exists on this host (it answered: {0}).', e.message);
  }
}

function ids(e: ApiError): Pick<StepResult, 'status_code' | 'errorCode' | 'requestId'> {
  return { status_code: e.status, errorCode: e.code ?? e.type, requestId: e.requestId };
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError
    ? err
    : new ApiError({
        kind: 'network',
        message: err instanceof Error ? err.message : String(err),
        cause: err,
      });
}

function headerName(mode: 'x-api-key' | 'bearer'): string {
  return mode === 'bearer' ? 'Authorization: Bearer' : 'x-api-key';
}

function preview(models: string[]): string {
  return models.length <= 5 ? models.join(', ') : `${models.slice(0, 5).join(', ')}, …`;
}

function elapsed(t0: number): number {
  return Math.round(performance.now() - t0);
}

function anySignal(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}
