// The endpoints as VS Code language models, driven the way another extension (Cline, Continue, ...) uses them:
// vscode.lm.selectChatModels({ vendor }) and sendRequest / countTokens from this companion extension, against two
// local endpoints started in this process (the Default profile's, Messages format, key from ANTHROPIC_API_KEY; a
// named profile's, Chat Completions, its key typed into "Claude: Set API Key" through the harness's UI bridge).
// VS Code's own Chat panel wants a Copilot sign-in in code-server, so the API is what can be driven here.
import * as assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as vscode from 'vscode';
import { startEndpoint, type Endpoint } from '../../support/endpoint/server';
import { promptTokensOf } from '../../support/endpoint/cacheUsage';
import { contributes, logFileOfExtensionUnderTest } from '../extensionUnderTest';
import { clickButton, fillInputBox, hasUiBridge, seeOnScreen } from '../uiBridge';

const VENDOR = 'claude-messages';
const KEY = 'sk-integration-lm-default-key';
const GATEWAY_KEY = 'sk-integration-lm-gateway-key';
const GATEWAY = 'LM Gateway';
const config = () => vscode.workspace.getConfiguration('claudeMessages');
const G = vscode.ConfigurationTarget.Global;
const ENV = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL'] as const;
/** A 2x2 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8AARGDiPwMAHfAD/aAzCYkAAAAASUVORK5CYII=',
    'base64',
  ),
);

const models = () => vscode.lm.selectChatModels({ vendor: VENDOR });

async function model(id: string): Promise<vscode.LanguageModelChat> {
  const all = await models();
  const found = all.find((m) => m.id === id);
  assert.ok(found, `no model ${id} among: ${all.map((m) => m.id).join(', ') || 'none'}`);
  return found;
}

/** Sends a request and reads its whole stream; rejects with what the stream threw. */
async function collect(
  m: vscode.LanguageModelChat,
  messages: vscode.LanguageModelChatMessage[],
  options: vscode.LanguageModelChatRequestOptions = {},
  token?: vscode.CancellationToken,
): Promise<unknown[]> {
  const response = await m.sendRequest(messages, options, token);
  const parts: unknown[] = [];
  for await (const part of response.stream) parts.push(part);
  return parts;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  assert.fail('expected the request to fail');
}

/**
 * The local endpoint's side of the next request to `path` on `port` (its server runs in this process): resolves
 * with whether the response finished normally once its connection closes.
 */
function serverSideOfNext(port: number, path: string): Promise<{ finishedNormally: Promise<boolean> }> {
  return new Promise((resolve) => {
    const onStart = (message: unknown) => {
      const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
      if (request.socket.localPort !== port || !request.url?.startsWith(path)) return;
      unsubscribe('http.server.request.start', onStart);
      const finishedNormally = new Promise<boolean>((done) =>
        response.once('close', () => done(response.writableFinished)),
      );
      resolve({ finishedNormally });
    };
    subscribe('http.server.request.start', onStart);
  });
}

/** Stores the named profile's key the way a user does: "Claude: Set API Key" with the profile active. */
async function setGatewayKey(key: string | undefined): Promise<void> {
  await config().update('activeProfile', GATEWAY, G);
  if (key === undefined) await vscode.commands.executeCommand('claudeMessages.clearApiKey');
  else {
    const command = vscode.commands.executeCommand('claudeMessages.setApiKey');
    await fillInputBox(key);
    await command;
  }
  await config().update('activeProfile', undefined, G);
}

/** The user's choice to offer the models (each test that needs them makes it). */
const offer = (on: boolean) => config().update('languageModels.enabled', on ? true : undefined, G);

suite('language models (vendor claude-messages)', () => {
  let ep: Endpoint;
  let gateway: Endpoint;
  const savedEnv: Partial<Record<(typeof ENV)[number], string>> = {};
  const sent = (e: Endpoint, path: string) => e.requests.filter((r) => r.path === path);

  suiteSetup(async () => {
    ep = await startEndpoint({
      apiKey: KEY,
      auth: 'x-api-key',
      models: ['claude-sonnet-4-5', 'claude-opus-4-1'],
    });
    gateway = await startEndpoint({
      apiKey: GATEWAY_KEY,
      auth: 'bearer',
      models: ['claude-haiku-4-5', 'gateway-model'],
    });
    for (const k of ENV) savedEnv[k] = process.env[k];
    await config().update(
      'profiles',
      [
        { name: GATEWAY, baseUrl: gateway.url, apiFormat: 'chat-completions', authHeader: 'bearer' },
        { name: 'LM No Key', baseUrl: 'http://127.0.0.1:9', apiFormat: 'messages', authHeader: 'x-api-key' },
      ],
      G,
    );
    if (hasUiBridge()) await setGatewayKey(GATEWAY_KEY);
  });
  setup(async () => {
    for (const e of [ep, gateway]) e.reset();
    for (const k of ENV) delete process.env[k];
    process.env.ANTHROPIC_API_KEY = KEY;
    await config().update('baseUrl', ep.url, G);
  });
  teardown(async () => {
    for (const key of ['baseUrl', 'languageModels.enabled', 'maxTokens'])
      await config().update(key, undefined, G);
  });
  suiteTeardown(async () => {
    if (hasUiBridge()) await setGatewayKey(undefined);
    await config().update('profiles', undefined, G);
    for (const k of ENV) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    await ep.close();
    await gateway.close();
  });

  test('contributed: the vendor with its management command, and an off-by-default, application-scoped setting', () => {
    const pkg = (vscode.extensions.getExtension('claude-messages.claude-messages')?.packageJSON ?? {}) as {
      contributes?: { languageModelChatProviders?: unknown };
    };
    assert.deepEqual(pkg.contributes?.languageModelChatProviders, [
      {
        vendor: VENDOR,
        displayName: 'Claude Messages',
        managementCommand: 'claudeMessages.manageLanguageModels',
      },
    ]);
    const setting = contributes().configuration.properties['claudeMessages.languageModels.enabled'];
    assert.equal(setting?.default, false);
    assert.equal(setting?.scope, 'application');
    const titles = new Map(contributes().commands.map((c) => [c.command, c.title]));
    assert.equal(titles.get('claudeMessages.manageLanguageModels'), 'Manage Language Models');
  });

  test('off (the default): no models are offered and the endpoint is not even asked for its list (K6)', async () => {
    await offer(false);
    await models(); // whatever VS Code was still resolving from earlier settings changes has finished
    for (const e of [ep, gateway]) e.reset();
    assert.deepEqual(await models(), []);
    assert.equal(ep.requests.length + gateway.requests.length, 0);
  });

  test("every profile with a key offers its endpoint's models, named by endpoint, with honest limits", async function () {
    if (!hasUiBridge()) this.skip(); // the named profile's key is typed into VS Code's input box by the harness
    await offer(true);
    // The harness sets chat.disableAIFeatures: true; the language-model API works regardless.
    assert.equal(vscode.workspace.getConfiguration('chat').get('disableAIFeatures'), true);
    const all = await models();
    const host = new URL(ep.url).host;
    assert.deepEqual(all.map((m) => [m.id, m.name]).sort(), [
      [`Default/claude-opus-4-1`, `claude opus 4 1 (${host})`],
      [`Default/claude-sonnet-4-5`, `claude sonnet 4 5 (${host})`],
      [`${encodeURIComponent(GATEWAY)}/claude-haiku-4-5`, `claude-haiku-4-5 (${GATEWAY})`],
      [`${encodeURIComponent(GATEWAY)}/gateway-model`, `gateway-model (${GATEWAY})`],
    ]);
    const sonnet = all.find((m) => m.id === 'Default/claude-sonnet-4-5')!;
    assert.equal(sonnet.vendor, VENDOR);
    assert.equal(sonnet.family, 'claude-sonnet-4-5');
    assert.equal(sonnet.maxInputTokens, 200_000 - 8_192);
    const unknown = all.find((m) => m.id.endsWith('/gateway-model'))!;
    assert.equal(unknown.maxInputTokens, 128_000 - 8_192);
    // Each endpoint was asked with its own key only.
    assert.equal(sent(ep, '/v1/models')[0]?.headers['x-api-key'], KEY);
    assert.equal(sent(gateway, '/v1/models')[0]?.headers.authorization, `Bearer ${GATEWAY_KEY}`);
  });

  test('a reply streams back as text parts; the request carries the profile key, version and settings', async () => {
    await offer(true);
    ep.script({ content: [{ type: 'text', text: 'Hello from the local endpoint.' }], chunkSize: 4 });
    await config().update('maxTokens', 1234, G);
    const parts = await collect(await model('Default/claude-sonnet-4-5'), [
      vscode.LanguageModelChatMessage.User('Say hello'),
    ]);
    assert.ok(parts.length >= 7, `${parts.length} parts`);
    assert.ok(parts.every((p) => p instanceof vscode.LanguageModelTextPart));
    assert.equal(
      parts.map((p) => (p as vscode.LanguageModelTextPart).value).join(''),
      'Hello from the local endpoint.',
    );
    const request = sent(ep, '/v1/messages')[0]!;
    assert.equal(request.headers['x-api-key'], KEY);
    assert.equal(request.headers['anthropic-version'], '2023-06-01');
    const body = request.body as Record<string, unknown>;
    assert.equal(body.model, 'claude-sonnet-4-5');
    assert.equal(body.max_tokens, 1234);
    assert.equal(body.stream, true);
    // Prompt caching is on by default: the latest user turn carries a breakpoint.
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ type: 'text', text: 'Say hello', cache_control: { type: 'ephemeral' } }] },
    ]);
  });

  test('a tool round trip: toolMode required is tool_choice any, the call comes back whole, the result keeps its id', async () => {
    await offer(true);
    const tool: vscode.LanguageModelChatTool = {
      name: 'read_file',
      description: 'Reads a file in the workspace',
      inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    };
    const sonnet = await model('Default/claude-sonnet-4-5');
    ep.script({
      content: [
        { type: 'text', text: 'Reading.' },
        { type: 'tool_use', id: 'toolu_lm_01', name: 'read_file', input: { path: 'src/a.ts' } },
      ],
    });
    const question = vscode.LanguageModelChatMessage.User('What is in src/a.ts?');
    const first = await collect(sonnet, [question], {
      tools: [tool],
      toolMode: vscode.LanguageModelChatToolMode.Required,
    });
    const call = first.find(
      (p) => p instanceof vscode.LanguageModelToolCallPart,
    ) as vscode.LanguageModelToolCallPart;
    assert.ok(call, `no tool call among ${JSON.stringify(first)}`);
    assert.deepEqual(
      [call.callId, call.name, call.input],
      ['toolu_lm_01', 'read_file', { path: 'src/a.ts' }],
    );
    const firstBody = sent(ep, '/v1/messages')[0]!.body as Record<string, unknown>;
    assert.deepEqual(firstBody.tool_choice, { type: 'any' });
    assert.deepEqual(
      (firstBody.tools as { name: string; input_schema: unknown }[]).map((t) => [t.name, t.input_schema]),
      [['read_file', { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }]],
    );

    ep.script('It exports a = 1.');
    const second = await collect(
      sonnet,
      [
        question,
        vscode.LanguageModelChatMessage.Assistant([new vscode.LanguageModelTextPart('Reading.'), call]),
        vscode.LanguageModelChatMessage.User([
          new vscode.LanguageModelToolResultPart('toolu_lm_01', [
            new vscode.LanguageModelTextPart('export const a = 1;'),
          ]),
        ]),
      ],
      { tools: [tool] },
    );
    assert.equal(second.map((p) => (p as vscode.LanguageModelTextPart).value).join(''), 'It exports a = 1.');
    const body = sent(ep, '/v1/messages')[1]!.body as {
      messages: { role: string; content: Record<string, unknown>[] }[];
    };
    assert.equal(body.messages.length, 3);
    assert.deepEqual(body.messages[1], {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Reading.' },
        { type: 'tool_use', id: 'toolu_lm_01', name: 'read_file', input: { path: 'src/a.ts' } },
      ],
    });
    // Prompt caching (on by default) marks the newest user turn's last block.
    assert.deepEqual(body.messages[2], {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_lm_01',
          content: [{ type: 'text', text: 'export const a = 1;' }],
          cache_control: { type: 'ephemeral' },
        },
      ],
    });
  });

  test('an image data part becomes an image block', async () => {
    await offer(true);
    ep.script('A tiny image.');
    await collect(await model('Default/claude-sonnet-4-5'), [
      vscode.LanguageModelChatMessage.User([
        new vscode.LanguageModelTextPart('What is this?'),
        vscode.LanguageModelDataPart.image(PNG, 'image/png'),
      ]),
    ]);
    const body = sent(ep, '/v1/messages')[0]!.body as { messages: { content: Record<string, unknown>[] }[] };
    const image = body.messages[0]!.content[1]!;
    assert.equal(image.type, 'image');
    assert.deepEqual(
      { ...(image.source as object) },
      { type: 'base64', media_type: 'image/png', data: Buffer.from(PNG).toString('base64') },
    );
  });

  test("cancellation aborts the HTTP request: the endpoint's stream is closed before it finished", async () => {
    await offer(true);
    ep.script({
      content: [{ type: 'text', text: 'This reply would go on and on. '.repeat(50) }],
      chunkSize: 8,
      // After a few events the endpoint sends nothing more until the client hangs up.
      fault: { type: 'stall', afterEvents: 5 },
    });
    const sonnet = await model('Default/claude-sonnet-4-5');
    const serverSide = serverSideOfNext(ep.port, '/v1/messages');
    const cancel = new vscode.CancellationTokenSource();
    const response = await sonnet.sendRequest(
      [vscode.LanguageModelChatMessage.User('Go on')],
      {},
      cancel.token,
    );
    const stream = response.stream[Symbol.asyncIterator]();
    const first = await stream.next();
    assert.ok(first.value instanceof vscode.LanguageModelTextPart);
    cancel.cancel();
    try {
      while (!(await stream.next()).done);
    } catch {
      // the stream may end with the cancellation
    }
    assert.equal(await (await serverSide).finishedNormally, false);
  });

  test("a refused key becomes a LanguageModelError with the chat view's advice and the request id", async () => {
    await offer(true);
    process.env.ANTHROPIC_API_KEY = 'sk-not-the-right-key';
    // Listing fails with the wrong key, so the configured model is offered.
    const e = await failure(
      collect(await model('Default/claude-sonnet-4-5'), [vscode.LanguageModelChatMessage.User('Hi')]),
    );
    assert.ok(e instanceof vscode.LanguageModelError, `${e?.constructor?.name}: ${e?.message}`);
    assert.match(e.message, /claude-sonnet-4-5 via 127\.0\.0\.1:\d+/);
    assert.match(e.message, /The endpoint refused the key\. Run "Claude: Set API Key"/);
    assert.match(e.message, /HTTP 401, authentication_error.*request id req_/s);
    assert.ok(!e.message.includes('sk-not-the-right-key'), 'the key is in the message');
  });

  test("a rate limit says for how long; a gateway's own message and trace id come through", async () => {
    await offer(true);
    const sonnet = await model('Default/claude-sonnet-4-5');
    // Faults on the scripted replies, so only the message requests meet them (not a model list VS Code re-reads).
    ep.script({ content: [], fault: { type: 'status', status: 429, retryAfter: '120' } });
    const limited = await failure(collect(sonnet, [vscode.LanguageModelChatMessage.User('Hi')]));
    assert.ok(limited instanceof vscode.LanguageModelError);
    assert.match(limited.message, /Rate limited by the endpoint\. Try again in 120 s\./);
    ep.script({
      content: [],
      // A gateway refusing a model for a team, in its own error body (not retried, unlike a 5xx or a quota).
      fault: {
        type: 'gateway-error',
        httpStatus: 403,
        code: 'MODEL_NOT_ALLOWED',
        message: 'This team may not use claude-sonnet-4-5',
        traceId: 'trace-lm-42',
      },
    });
    const gatewayError = await failure(collect(sonnet, [vscode.LanguageModelChatMessage.User('Hi')]));
    assert.ok(gatewayError instanceof vscode.LanguageModelError);
    assert.match(gatewayError.message, /The key is valid but not allowed to do this\./);
    assert.match(
      gatewayError.message,
      /This team may not use claude-sonnet-4-5 \(MODEL_NOT_ALLOWED, request id trace-lm-42\)/,
    );
  });

  test('token counting: count_tokens at the endpoint, then the cache; the Chat Completions profile estimates', async function () {
    await offer(true);
    const sonnet = await model('Default/claude-sonnet-4-5');
    const text = 'Count the tokens of this sentence, please.';
    const n = await sonnet.countTokens(text);
    // The endpoint counts the prompt the way its usage and context window do.
    const expected = promptTokensOf({ messages: [{ role: 'user', content: [{ type: 'text', text }] }] });
    assert.equal(n, expected);
    assert.equal(await sonnet.countTokens(text), n);
    assert.equal(sent(ep, '/v1/messages/count_tokens').length, 1, 'the second count came from the cache');
    assert.ok((await sonnet.countTokens(vscode.LanguageModelChatMessage.User('Another message'))) > 0);
    assert.equal(sent(ep, '/v1/messages/count_tokens').length, 2);

    if (!hasUiBridge()) this.skip();
    const haiku = await model(`${encodeURIComponent(GATEWAY)}/claude-haiku-4-5`);
    const before = gateway.requests.length;
    assert.ok((await haiku.countTokens(text)) > 0);
    assert.equal(
      gateway.requests.length,
      before,
      'a Chat Completions endpoint has no count route: estimated',
    );
  });

  test("K6: a model's requests go only to its profile's endpoint, with that profile's key", async function () {
    if (!hasUiBridge()) this.skip();
    await offer(true);
    gateway.script('From the gateway.');
    const parts = await collect(await model(`${encodeURIComponent(GATEWAY)}/claude-haiku-4-5`), [
      vscode.LanguageModelChatMessage.User('Hi gateway'),
    ]);
    assert.equal(parts.map((p) => (p as vscode.LanguageModelTextPart).value).join(''), 'From the gateway.');
    const chat = sent(gateway, '/v1/chat/completions');
    assert.equal(chat.length, 1);
    assert.equal(chat[0]!.headers.authorization, `Bearer ${GATEWAY_KEY}`);
    assert.equal((chat[0]!.body as { model: string }).model, 'claude-haiku-4-5');
    assert.equal(sent(ep, '/v1/messages').length, 0, 'the Default endpoint got the gateway request');
    const credentials = (r: Endpoint['requests'][number]) =>
      `${r.headers['x-api-key']} ${r.headers.authorization}`;
    for (const r of ep.requests)
      assert.ok(!credentials(r).includes(GATEWAY_KEY), `${r.path} got the gateway key`);
    for (const r of gateway.requests)
      assert.ok(!credentials(r).includes(KEY), `${r.path} got the Default key`);
  });

  test('a request after the models were turned off fails with NoPermissions, reaches no endpoint, and a notification offers to turn them on', async () => {
    await offer(true);
    const sonnet = await model('Default/claude-sonnet-4-5');
    // VS Code re-reads the list when the setting changes and then drops the model; a request it sends first (or one
    // for a model it still lists from before) reaches the provider, which refuses it.
    await offer(false);
    const e = await failure(collect(sonnet, [vscode.LanguageModelChatMessage.User('Hi')]));
    assert.ok(e instanceof vscode.LanguageModelError, String(e));
    assert.equal(e.code, vscode.LanguageModelError.NoPermissions.name);
    assert.match(e.message, /claudeMessages\.languageModels\.enabled/);
    assert.equal(sent(ep, '/v1/messages').length, 0);

    if (!hasUiBridge()) return; // seeing and clicking the notification needs the browser
    await seeOnScreen('A request for a Claude Messages language model was refused');
    const turnedOn = new Promise<void>((resolve) => {
      const d = vscode.workspace.onDidChangeConfiguration((c) => {
        if (c.affectsConfiguration('claudeMessages.languageModels.enabled')) {
          d.dispose();
          resolve();
        }
      });
    });
    await clickButton('Turn On');
    await turnedOn;
    assert.equal(config().inspect('languageModels.enabled')?.globalValue, true);
    ep.script('On again.');
    // VS Code dropped the model while it was off; it is listed again.
    const parts = await collect(await model('Default/claude-sonnet-4-5'), [
      vscode.LanguageModelChatMessage.User('Hi'),
    ]);
    assert.equal(parts.map((p) => (p as vscode.LanguageModelTextPart).value).join(''), 'On again.');
  });

  test('each request is logged with its model, profile, endpoint and the calling extension; never the key (K6)', async function () {
    const file = logFileOfExtensionUnderTest();
    if (!file) this.skip(); // only the companion knows where VS Code keeps the extension's log
    await offer(true);
    ep.script('Logged.');
    await collect(await model('Default/claude-sonnet-4-5'), [vscode.LanguageModelChatMessage.User('Log me')]);
    const line = new RegExp(
      `language model request: model=claude-sonnet-4-5 profile="Default" endpoint=${ep.url.replace(/\./g, '\\.')} caller=(\\S+)`,
    );
    let text = '';
    // The log is written to its file asynchronously: wait for the line.
    while (!line.test(text)) {
      await new Promise((r) => setTimeout(r, 100));
      text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    }
    assert.equal(line.exec(text)?.[1], 'claude-messages.claude-messages-integration-tests');
    assert.match(
      text,
      /language model reply: model=claude-sonnet-4-5 profile="Default" stop=end_turn parts=\d+/,
    );
    assert.ok(!text.includes(KEY) && !text.includes(GATEWAY_KEY), 'a key is in the log');
  });
});
