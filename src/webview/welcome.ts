// The welcome state: says exactly what is missing before chat can work, with the action that fixes it.
import type { SetupState } from '../shared/protocol';
import { h, icon } from './dom';
import { postToHost } from './vscodeApi';

export function renderWelcome(setup: SetupState | undefined): HTMLElement {
  const section = h('section', { class: 'welcome', 'aria-label': 'Welcome' });
  section.append(h('h2', {}, icon('sparkle'), ' Claude Messages'));
  if (!setup) {
    section.append(h('p', { class: 'muted' }, 'Connecting to the extension…'));
    return section;
  }
  if (setup.ready) {
    section.append(
      h('p', {}, 'Ask about your code, paste an image, or select code and use the Claude actions.'),
      h('p', { class: 'muted' }, `Endpoint: ${setup.endpoint} · Model: ${setup.model}`),
    );
    return section;
  }
  const list = h('ul', { class: 'setup-steps' });
  if (setup.problems.includes('noKey')) {
    list.append(
      h(
        'li',
        {},
        h('strong', {}, 'No API key configured. '),
        "Store your Anthropic or gateway key in VS Code's secret storage, or set ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN.",
        actionButton('Set API Key', 'key', () => postToHost({ type: 'runCommand', command: 'setApiKey' })),
      ),
    );
  }
  if (setup.problems.includes('noEndpoint')) {
    list.append(
      h(
        'li',
        {},
        h('strong', {}, 'No endpoint configured. '),
        setup.detail ?? 'Set claudeMessages.baseUrl to Anthropic or your gateway.',
        actionButton('Open Settings', 'settings-gear', () =>
          postToHost({ type: 'runCommand', command: 'openSettings' }),
        ),
      ),
    );
  }
  if (setup.problems.includes('badSettings')) {
    list.append(
      h(
        'li',
        {},
        h('strong', {}, 'A setting needs fixing. '),
        setup.detail ?? 'Check the Claude Messages settings.',
        actionButton('Open Settings', 'settings-gear', () =>
          postToHost({ type: 'runCommand', command: 'openSettings' }),
        ),
      ),
    );
  }
  section.append(
    h('p', {}, 'Before Claude can answer:'),
    list,
    h('p', { class: 'muted' }, `Endpoint: ${setup.endpoint || '(none)'}`),
  );
  return section;
}

function actionButton(label: string, codicon: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'secondary' }, icon(codicon), ` ${label}`);
  b.addEventListener('click', onClick);
  return b;
}
