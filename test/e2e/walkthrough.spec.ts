// The first five minutes: the "Get Started with Claude Messages" walkthrough opened as a user does (Welcome: Open
// Walkthrough...), its five steps, and its first step's "Gateway with Bearer" button writing the settings for that
// kind of endpoint (claudeMessages.chooseEndpointKind), asking for the key, and ticking the step off.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { readmeImage } from './readmeImages';

const STEPS = [
  'Choose the kind of endpoint',
  'Set the API key',
  'Test the connection',
  'Ask a first question',
  'Try an editor action',
];

async function typeInto(page: Page, value: string, password = false): Promise<void> {
  const input = page.locator(`.quick-input-widget input${password ? '[type="password"]' : ''}`);
  await expect(input).toBeVisible();
  await input.fill(value);
  await input.press('Enter');
}

test('the walkthrough lists its steps; choosing a Bearer gateway writes its settings and asks for the key', async ({
  workbench,
  codeServer,
}) => {
  const page = workbench.page;
  // Room for the step's media beside the steps (VS Code hides it in a narrow editor).
  await workbench.runCommand('View: Close Primary Side Bar');
  await workbench.runCommand('Welcome: Open Walkthrough...');
  const pick = page.locator('.quick-input-list .monaco-list-row', {
    hasText: 'Get Started with Claude Messages',
  });
  await pick.first().click();

  const walkthrough = page.locator('.gettingStartedContainer');
  await expect(walkthrough).toContainText('Get Started with Claude Messages');
  for (const step of STEPS) await expect(walkthrough.getByRole('button', { name: step })).toBeVisible();
  // The first step is open: its four kinds are buttons, and its media is the settings each one writes.
  for (const kind of ['Anthropic', 'Gateway with Bearer', 'Gateway with x-api-key', 'Chat Completions only'])
    await expect(walkthrough.getByRole('button', { name: kind, exact: true })).toBeVisible();
  // The media: a Markdown page (media/walkthrough/endpoint.md) in its own frame, with the settings of each kind.
  await expect
    .poll(async () => {
      for (const frame of page.frames()) {
        const text = await frame
          .locator('body')
          .innerText()
          .catch(() => '');
        if (text.includes('chat-completions') && text.includes('https://api.anthropic.com')) return true;
      }
      return false;
    })
    .toBe(true);
  await readmeImage(page.locator('.part.editor'), 'walkthrough', 640);

  await walkthrough.getByRole('button', { name: 'Gateway with Bearer', exact: true }).click();
  await typeInto(page, 'https://gateway.example.com/');
  await typeInto(page, 'sk-walkthrough-key', true);
  await expect
    .poll(() => JSON.parse(readFileSync(join(codeServer.root, 'user-data', 'User', 'settings.json'), 'utf8')))
    .toMatchObject({
      'claudeMessages.baseUrl': 'https://gateway.example.com',
      'claudeMessages.authHeader': 'bearer',
    });
  // The step's completion event (onCommand:claudeMessages.chooseEndpointKind) ticks it off.
  await expect(walkthrough.getByRole('checkbox', { name: `${STEPS[0]}: Completed` })).toBeChecked();
  await expect(walkthrough.getByRole('checkbox', { name: `${STEPS[2]}: Not completed` })).not.toBeChecked();
  await workbench.screenshot('walkthrough-after-choosing');
});
