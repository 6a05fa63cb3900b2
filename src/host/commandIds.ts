// Every command the extension contributes. Activation registers each one at once (cheaply, see extension.ts);
// app.ts must provide a handler for each, which the compiler checks, and an integration test checks this list
// against package.json.
export const COMMAND_IDS = [
  'claudeMessages.newChat',
  'claudeMessages.stop',
  'claudeMessages.showHistory',
  'claudeMessages.exportChat',
  'claudeMessages.selectModel',
  'claudeMessages.setApiKey',
  'claudeMessages.clearApiKey',
  'claudeMessages.selectEndpoint',
  'claudeMessages.addEndpoint',
  'claudeMessages.chooseEndpointKind',
  'claudeMessages.testConnection',
  'claudeMessages.showLog',
  'claudeMessages.openSettings',
  'claudeMessages.explainSelection',
  'claudeMessages.askAboutSelection',
  'claudeMessages.findBugs',
  'claudeMessages.refactor',
  'claudeMessages.addDocs',
  'claudeMessages.writeTests',
  'claudeMessages.explainFile',
  'claudeMessages.addSelectionToChat',
  'claudeMessages.addFileToChat',
  'claudeMessages.attachImage',
  'claudeMessages.manageLanguageModels',
  'claudeMessages.focusComposer',
  'claudeMessages.compactConversation',
  'claudeMessages.mcpServers',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/**
 * The integration suites' seam (src/host/testHooks.ts): registered only when this variable is "1" in the
 * extension host's environment, and not contributed in package.json, so it is not in COMMAND_IDS.
 */
export const TEST_HOOKS_ENV = 'CLAUDE_MESSAGES_TEST_HOOKS';
export const TEST_HOOKS_COMMAND = 'claudeMessages.test.hooks';
