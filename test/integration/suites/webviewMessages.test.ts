// docs/threat-model.md, W5 and R4, in real VS Code through the chat view's real handler (the seam in
// src/host/testHooks.ts hands it what a webview could post): a tool runs only for a call the host is waiting on,
// in the turn that is running; random and malformed messages are dropped, nothing runs, and the host keeps answering.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vscode from 'vscode';
import { PROTOCOL_VERSION, type HostMessage } from '../../../src/shared/protocol';
import { startEndpoint, type Endpoint } from '../../support/endpoint/server';
import { posted, postsUntil, receive } from '../hooks';

const KEY = 'sk-integration-webview-messages';
const G = vscode.ConfigurationTarget.Global;
const config = () => vscode.workspace.getConfiguration('claudeMessages');

function cardStates(posts: HostMessage[], callId: string): string[] {
  const states: string[] = [];
  for (const m of posts) {
    if (m.type === 'toolCall' && m.card.callId === callId) states.push(m.card.state);
    if (m.type === 'toolUpdate' && m.callId === callId && m.state) states.push(m.state);
  }
  return states;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

suite('messages from the webview (W5, R4)', () => {
  let ep: Endpoint;
  let savedKey: string | undefined;

  suiteSetup(async () => {
    ep = await startEndpoint({ apiKey: KEY, auth: 'x-api-key' });
    savedKey = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = KEY;
    await config().update('baseUrl', ep.url, G);
  });
  suiteTeardown(async () => {
    await config().update('baseUrl', undefined, G);
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
    await ep.close();
  });

  test('a forged decision for an unknown call, another turn or a finished call runs nothing', async function () {
    if (!vscode.workspace.isTrusted) return this.skip(); // no tool runs in Restricted Mode anyway (K3)
    const marker = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'forged-ran.txt');
    ep.reset();
    ep.script(
      {
        content: [
          {
            type: 'tool_use',
            id: 'toolu_forged',
            name: 'run_command',
            input: { command: 'touch forged-ran.txt' },
          },
        ],
      },
      'Understood.',
    );
    await posted(); // forget what came before
    const turn = receive({ type: 'send', requestId: 'w5-turn', text: 'Create the marker' });
    const posts = await postsUntil((all) => cardStates(all, 'toolu_forged').includes('asking'));

    // Forgeries: another call id in this turn, this call id under another turn, a decision that is not one.
    for (const forged of [
      { type: 'toolDecision', requestId: 'w5-turn', callId: 'toolu_other', decision: 'allow' },
      { type: 'toolDecision', requestId: 'w5-other-turn', callId: 'toolu_forged', decision: 'allowChat' },
      { type: 'toolDecision', requestId: 'w5-turn', callId: 'toolu_forged', decision: 'run' },
      { type: 'toolDecision', requestId: 'w5-turn', callId: 'toolu_forged', decision: 'allow', extra: 1 },
    ])
      await receive(forged);
    // The user's own click comes last. Had any forgery been taken, this one would be ignored and the call would run.
    await receive({
      type: 'toolDecision',
      requestId: 'w5-turn',
      callId: 'toolu_forged',
      decision: 'deny',
      reason: 'no',
    });
    await turn;
    posts.push(...(await posted()));
    assert.deepEqual(cardStates(posts, 'toolu_forged'), ['asking', 'denied']);
    assert.equal(await exists(marker), false, 'the command ran');
    const last = ep.requests.filter((r) => r.path === '/v1/messages').at(-1);
    assert.match(JSON.stringify(last?.body), /"is_error":true/);

    // The same call, finished: an approval for it now is not waited for by anything.
    await receive({ type: 'toolDecision', requestId: 'w5-turn', callId: 'toolu_forged', decision: 'allow' });
    assert.deepEqual(cardStates(await posted(), 'toolu_forged'), []);
    assert.equal(await exists(marker), false, 'the command ran after its turn ended');
  });

  test('random and malformed messages go through the real handler: dropped, nothing runs, the host answers', async () => {
    ep.reset();
    await receive({ type: 'newChat' });
    await posted();
    // Every message type, each made invalid one way: an unknown field, a field of the wrong type, an unknown type.
    const templates: Record<string, unknown>[] = [
      { type: 'ready', protocol: PROTOCOL_VERSION },
      { type: 'send', requestId: 'r', text: 'hi' },
      { type: 'stop', requestId: 'r' },
      { type: 'newChat' },
      { type: 'runCommand', command: 'setApiKey' },
      { type: 'codeAction', action: 'newFile', code: 'x', language: 'ts' },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'continue', requestId: 'r' },
      { type: 'showHistory' },
      { type: 'selectModel' },
      { type: 'replaceSelection', requestId: 'r', code: 'x' },
      { type: 'toolDecision', requestId: 'r', callId: 'c', decision: 'allow' },
      { type: 'toolShowDiff', callId: 'c' },
      { type: 'removeContext', id: 'c' },
      { type: 'suggest', seq: 1, trigger: 'mention', query: 'x' },
      { type: 'pickMention', mention: { kind: 'file', path: 'README.md' } },
      { type: 'dropFiles', uris: ['file:///x'] },
      { type: 'restoreCheckpoint', turn: 0 },
      { type: 'undoRestore', undoId: 'a1-000000000000' },
      { type: 'send', requestId: 'r', text: 'hi', replaceTurn: 0 },
    ];
    const wrongValue = fc.oneof(
      fc.integer(),
      fc.constant(null),
      fc.object(),
      fc.array(fc.anything()),
      fc.boolean(),
    );
    const broken = fc.oneof(
      fc
        .tuple(fc.constantFrom(...templates), fc.string(), fc.anything())
        .map(([t, k, v]) => ({ ...t, [`x_${k}`]: v })),
      fc.tuple(fc.constantFrom(...templates), wrongValue).map(([t, v]) => {
        const keys = Object.keys(t);
        const key = keys[keys.length - 1]!;
        return { ...t, [key]: v };
      }),
      fc.tuple(fc.string(), fc.object()).map(([type, rest]) => ({ ...rest, type: `x-${type}` })),
      fc.anything(),
      fc.constantFrom(undefined, null, 0, '', [], 'send', { type: 'send' }, { type: 'toolDecision' }),
    );
    // Well-formed messages that must do nothing here: decisions and stops for calls and turns that do not exist.
    const harmless = fc.oneof(
      fc.record({
        type: fc.constant('toolDecision'),
        requestId: fc.string({ minLength: 1, maxLength: 64 }),
        callId: fc.string({ minLength: 1, maxLength: 128 }),
        decision: fc.constantFrom('allow', 'allowChat', 'deny'),
      }),
      fc.record({ type: fc.constant('stop'), requestId: fc.string({ minLength: 1, maxLength: 64 }) }),
      fc.record({ type: fc.constant('toolShowDiff'), callId: fc.string({ minLength: 1, maxLength: 128 }) }),
      fc.record({ type: fc.constant('removeContext'), id: fc.string({ minLength: 1, maxLength: 64 }) }),
      // No question at any index in a new chat, and no undo id this session issued (G13): nothing is restored.
      fc.record({ type: fc.constant('restoreCheckpoint'), turn: fc.nat({ max: 10_000_000 }) }),
      fc.record({
        type: fc.constant('undoRestore'),
        undoId: fc
          .tuple(fc.stringMatching(/^[a-z0-9]{1,16}$/), fc.stringMatching(/^[0-9a-f]{12}$/))
          .map(([a, b]) => `${a}-${b}`),
      }),
    );
    const values = fc.sample(fc.oneof(broken, harmless), { numRuns: 400, seed: 20240612 });
    for (const v of values) await receive(v);
    const posts = await posted();
    const acted = posts.filter((m) =>
      [
        'turnStart',
        'toolCall',
        'toolUpdate',
        'continueStart',
        'restore',
        'checkpointRestored',
        'restoreUndone',
        'truncate',
      ].includes(m.type),
    );
    assert.deepEqual(acted, [], 'a random message started something');
    const failures = posts.filter((m) => m.type === 'notice' && /went wrong/.test(m.text));
    assert.deepEqual(failures, [], 'a handler threw');
    assert.equal(ep.requests.length, 0, 'a random message reached the endpoint');
    // The host still answers a real message.
    await receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    assert.ok((await posted()).some((m) => m.type === 'init'));
  });

  test('a forged mention or drop of a file outside the workspace attaches nothing and says why', async () => {
    await receive({ type: 'newChat' });
    await posted();
    const outside = ['/etc/passwd', '../../../../etc/passwd', 'src/../../outside.txt', '~/.ssh/id_rsa'];
    for (const path of outside) await receive({ type: 'pickMention', mention: { kind: 'file', path } });
    await receive({ type: 'pickMention', mention: { kind: 'folder', path: '/etc' } });
    await receive({ type: 'dropFiles', uris: ['file:///etc/passwd', 'https://example.com/x.ts'] });
    const posts = await posted();
    const chips = posts.flatMap((m) => (m.type === 'context' ? m.items : []));
    assert.deepEqual(chips, [], 'something outside the workspace was attached');
    const notices = posts.filter((m) => m.type === 'notice').map((m) => (m as { text: string }).text);
    assert.equal(notices.length, outside.length + 2, notices.join('\n'));
    for (const n of notices.slice(0, outside.length + 1)) assert.match(n, /is refused|outside the workspace/);
    assert.match(notices.at(-1)!, /Only files of the workspace/);
  });
});
