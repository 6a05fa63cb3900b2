// Checkpoints and edit-and-resend in real VS Code against the local endpoint, which scripts the model's tool calls:
// Restore Checkpoint brings back a file edit_file changed and one a command changed (and removes the file the command
// created), after a reload too; Undo Restore takes the restore back; an edited question replaces its turn and offers
// to restore the files first.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { ask, card, toolUse } from './toolSupport';

const APP = 'export function greet(name: string) {\n  return `hi ${name}`;\n}\n';
const CONFIG = 'mode=original\n';

test.use({
  codeServerOptions: {
    useEndpoint: true,
    files: { 'src/app.ts': APP, 'data/config.txt': CONFIG },
  },
});

test('Restore Checkpoint brings back a file changed by edit_file and one changed by run_command, after a reload; Undo Restore takes it back', async ({
  workbench,
  endpoint,
  codeServer,
  page,
}) => {
  // Two tool rounds and a window reload: more than one default test's time on a machine shared with other runs.
  test.slow();
  const app = join(codeServer.workspace, 'src/app.ts');
  const config = join(codeServer.workspace, 'data/config.txt');
  const created = join(codeServer.workspace, 'data/new.txt');
  await endpoint.reset();
  await endpoint.script(
    {
      content: [
        toolUse('toolu_edit', 'edit_file', {
          path: 'src/app.ts',
          old_string: 'return `hi ${name}`;',
          new_string: 'return `Hello, ${name}!`;',
        }),
      ],
    },
    {
      content: [
        toolUse('toolu_cmd', 'run_command', {
          command: "printf 'mode=changed\\n' > data/config.txt && echo made > data/new.txt",
        }),
      ],
    },
    'Changed the greeting and the config.',
  );
  let chat = await workbench.openChatView();
  await ask(chat, 'Change the greeting and the config');
  await card(chat, /Tool call: .*src\/app\.ts/)
    .getByRole('button', { name: 'Allow', exact: true })
    .click();
  await card(chat, /Tool call: .*printf/)
    .getByRole('button', { name: 'Allow', exact: true })
    .click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText(
    'Changed the greeting and the config.',
  );
  expect(readFileSync(app, 'utf8')).toContain('Hello, ${name}!');
  expect(readFileSync(config, 'utf8')).toBe('mode=changed\n');
  expect(readFileSync(created, 'utf8')).toBe('made\n');

  // The checkpoint's id was stored with the conversation: a new extension host still finds it.
  await page.reload();
  await workbench.open(page.url());
  chat = await workbench.openChatView(120_000);
  const question = chat.locator('article.turn.user').first();
  await expect(question).toContainText('Change the greeting and the config');
  await workbench.screenshot('checkpoint-question');
  await question.getByRole('button', { name: 'Restore Checkpoint' }).click();

  const dialog = page.locator('.monaco-dialog-box');
  await expect(dialog).toContainText('Restore the files that tools changed since this message?');
  await expect(dialog).toContainText('src/app.ts (changed since: restored)');
  await expect(dialog).toContainText('data/config.txt (changed since: restored)');
  await expect(dialog).toContainText('data/new.txt (created since: removed)');
  await workbench.screenshot('checkpoint-confirm');
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect.poll(() => readFileSync(app, 'utf8')).toBe(APP);
  await expect.poll(() => readFileSync(config, 'utf8')).toBe(CONFIG);
  await expect.poll(() => existsSync(created)).toBe(false);
  // The editor that showed the edit shows the file as it was again.
  await expect(
    page.locator('.monaco-editor .view-lines', { hasText: 'return `hi ${name}`' }).first(),
  ).toBeVisible();
  await workbench.screenshot('checkpoint-restored');

  // Undo Restore: the tools' changes are back.
  await question.getByRole('button', { name: 'Undo Restore' }).click();
  await expect(dialog).toContainText('Undo the restore?');
  await dialog.getByRole('button', { name: 'Undo Restore', exact: true }).click();
  await expect.poll(() => readFileSync(app, 'utf8')).toContain('Hello, ${name}!');
  await expect.poll(() => readFileSync(config, 'utf8')).toBe('mode=changed\n');
  await expect.poll(() => existsSync(created)).toBe(true);
  await expect(question.getByRole('button', { name: 'Undo Restore' })).toHaveCount(0);
  await expect(chat.locator('.notices')).toContainText('The restore was undone: 3 file(s)');
  await workbench.screenshot('checkpoint-undone');
});

test('Edit and resend: the edited question replaces its turn, in the request too; restoring the files is offered first', async ({
  workbench,
  endpoint,
  codeServer,
  page,
}) => {
  const config = join(codeServer.workspace, 'data/config.txt');
  // As the first test left it (its restore undone): what restoring the files brings back.
  const before = readFileSync(config, 'utf8');
  await endpoint.reset();
  await endpoint.script(
    { content: [toolUse('toolu_w', 'write_file', { path: 'data/config.txt', content: 'mode=first\n' })] },
    'Wrote the first mode.',
    'Second answer.',
    'The edited answer.',
  );
  const chat = await workbench.openChatView();
  // The first test's conversation is still open in this window: start a new one.
  await chat.getByRole('button', { name: 'New Chat' }).click();
  await expect(chat.locator('article.turn')).toHaveCount(0);
  await ask(chat, 'Set the first mode');
  await card(chat, /Tool call: .*config\.txt/)
    .getByRole('button', { name: 'Allow', exact: true })
    .click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Wrote the first mode.');
  await ask(chat, 'And then?');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Second answer.');
  expect(readFileSync(config, 'utf8')).toBe('mode=first\n');

  await chat.locator('article.turn.user').first().getByRole('button', { name: 'Edit' }).click();
  const composer = chat.getByRole('textbox', { name: 'Message Claude' });
  await expect(composer).toHaveValue('Set the first mode');
  await expect(chat.locator('.composer-editing')).toBeVisible();
  await composer.fill('Just explain the modes');
  await workbench.screenshot('edit-composer');
  await chat.getByRole('button', { name: 'Send' }).click();

  const dialog = page.locator('.monaco-dialog-box');
  await expect(dialog).toContainText('Tools changed files since this message');
  await expect(dialog).toContainText('data/config.txt (changed since: restored)');
  await dialog.getByRole('button', { name: 'Restore Files Too' }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('The edited answer.');
  await expect.poll(() => readFileSync(config, 'utf8')).toBe(before);
  await expect(chat.locator('article.turn.user')).toHaveCount(1);
  await expect(chat.locator('article.turn.user .user-text')).toHaveText('Just explain the modes');
  // What the model was sent: the edited question alone.
  const requests = (await endpoint.requests()).filter((r) => r.path === '/v1/messages');
  const messages = (requests.at(-1)?.body as { messages: { role: string; content: unknown }[] }).messages;
  expect(messages).toHaveLength(1);
  expect(JSON.stringify(messages[0]?.content)).toContain('Just explain the modes');
  await workbench.screenshot('edit-resent');
});
