// Page-object for the VS Code workbench served by code-server, and for our webview inside it.
import { expect, type Frame, type Page } from '@playwright/test';

export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Contributions from extensions arrive after the shell; wait for ours.
    await this.activityItem().waitFor({ timeout: 60_000 });
  }

  activityItem() {
    return this.page.locator('.activitybar [aria-label="Claude"]').first();
  }

  /** Shows the chat view; clicking an already active activity-bar item would hide it, so look first. */
  /** `timeout`: how long the webview may take to appear (longer after a reload on a busy machine). */
  async openChatView(timeout?: number): Promise<Frame> {
    const title = this.page.locator('.part.sidebar .title-label');
    const showing = (await title.count()) > 0 && (await title.first().innerText()).includes('Claude');
    if (!showing) await this.activityItem().click();
    return this.chatFrame(timeout);
  }

  /** The webview's DOM sits in nested iframes; find the frame that holds our composer. */
  async chatFrame(timeout = 30_000): Promise<Frame> {
    let found: Frame | undefined;
    await expect
      .poll(async () => (found = (await this.chatFrames())[0]) !== undefined, {
        timeout,
        message: 'the Claude chat webview did not appear',
      })
      .toBe(true);
    return found!;
  }

  /** How many frames hold a chat composer now (0 once VS Code released a hidden view's content). */
  async chatFrameCount(): Promise<number> {
    return (await this.chatFrames()).length;
  }

  private async chatFrames(): Promise<Frame[]> {
    const hits: Frame[] = [];
    for (const frame of this.page.frames()) {
      const n = await frame
        // The composer's accessible name in English or in Chinese (language.spec.ts runs VS Code in zh-cn).
        .locator('textarea[aria-label="Message Claude"], textarea[aria-label="向 Claude 发送消息"]')
        .count()
        .catch(() => 0);
      if (n > 0) hits.push(frame);
    }
    return hits;
  }

  /** Runs a command the way a user does: F1, its title, Enter. */
  /** `keepFocus` skips the click that first moves focus to the workbench (it would clear an editor selection). */
  async runCommand(title: string, options: { keepFocus?: boolean } = {}): Promise<void> {
    if (!options.keepFocus)
      await this.page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } });
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await expect(row).toBeVisible();
    await input.press('Enter');
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png` });
  }
}
