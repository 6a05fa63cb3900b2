// A language-model tool the integration companion registers with vscode.lm.registerTool (declared in its
// manifest's languageModelTools in test/run/integration.mjs: keep the name and tag the same), so a suite can prove that VS Code's tools reach
// the model through the gate: what it was called with, and a result with text, an image and a prompt-tsx part.
import * as vscode from 'vscode';

export const TEST_TOOL_NAME = 'claude_messages_test_probe';
export const TEST_TOOL_TAG = 'claude-messages-test';
/** A 1x1 PNG. */
export const TEST_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Every input the tool was invoked with, in order. */
export const invocations: unknown[] = [];

export function registerTestTool(): vscode.Disposable {
  return vscode.lm.registerTool<{ text: string }>(TEST_TOOL_NAME, {
    invoke(options) {
      invocations.push(options.input);
      return new vscode.LanguageModelToolResult([
        new vscode.LanguageModelTextPart(`probe got: ${options.input.text}`),
        vscode.LanguageModelDataPart.image(TEST_PNG, 'image/png'),
        new vscode.LanguageModelPromptTsxPart({ node: { children: [{ type: 2, text: 'tsx text' }] } }),
      ]);
    },
  });
}
