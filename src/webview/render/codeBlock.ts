// The frame around every code block: the language and the Copy / Insert at Cursor buttons above the code.
export type CodeAction = 'copy' | 'insert';

/** Wraps `pre` (already holding its <code>) in a div.md-code-block with a toolbar; returns the wrapper. */
export function frameCodeBlock(doc: Document, pre: HTMLElement, language: string): HTMLElement {
  const block = doc.createElement('div');
  block.className = 'md-code-block';
  const toolbar = doc.createElement('div');
  toolbar.className = 'md-code-toolbar';
  const label = doc.createElement('span');
  label.className = 'md-code-lang';
  label.textContent = language || 'text';
  toolbar.append(label, actionButton(doc, 'copy', 'Copy'), actionButton(doc, 'insert', 'Insert at Cursor'));
  block.append(toolbar, pre);
  return block;
}

function actionButton(doc: Document, action: CodeAction, name: string): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = `md-code-action md-code-${action}`;
  button.value = action;
  button.textContent = name;
  button.setAttribute('aria-label', name);
  button.title = name;
  return button;
}
