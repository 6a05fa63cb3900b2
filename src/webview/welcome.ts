// The welcome state: guides a new user through the three steps (pick or add an endpoint, set its key, test the
// connection), says exactly what is missing, and shows a bad setting's own message with the way to fix it.
import type { SetupState } from '../shared/protocol';
import { h, icon } from './dom';

type Command = 'setApiKey' | 'openSettings' | 'selectEndpoint' | 'addEndpoint' | 'testConnection';

/** `run`: asks the host to run one of the setup commands. */
export function renderWelcome(setup: SetupState | undefined, run: (command: Command) => void): HTMLElement {
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
      h(
        'p',
        { class: 'welcome-actions' },
        actionButton('Test Connection', 'pulse', 'testConnection', run),
        actionButton('Switch Endpoint', 'arrow-swap', 'selectEndpoint', run),
      ),
    );
    return section;
  }
  const steps = h('ol', { class: 'setup-steps' });
  const endpointBad = setup.problems.includes('noEndpoint');
  steps.append(
    h(
      'li',
      {},
      endpointBad ? h('strong', {}, 'The endpoint needs fixing. ') : h('strong', {}, 'Choose the endpoint. '),
      endpointBad
        ? 'Its base URL is not usable (see below).'
        : `Now: ${setup.endpoint || '(none)'}. Keep Anthropic, or pick or add your gateway.`,
      actionButton('Select Endpoint', 'server', 'selectEndpoint', run),
      actionButton('Add Endpoint', 'add', 'addEndpoint', run),
    ),
  );
  steps.append(
    setup.problems.includes('noKey')
      ? h(
          'li',
          {},
          h('strong', {}, 'No API key configured. '),
          "Store your Anthropic or gateway key in VS Code's secret storage, or set ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN.",
          actionButton('Set API Key', 'key', 'setApiKey', run),
        )
      : h('li', {}, h('strong', {}, 'API key: '), 'found.'),
  );
  steps.append(
    h(
      'li',
      {},
      h('strong', {}, 'Test the connection. '),
      'Checks the endpoint, the key, the models and one tiny message, and says what to fix.',
      actionButton('Test Connection', 'pulse', 'testConnection', run),
    ),
  );
  // A bad setting comes first: until it is fixed, the steps below cannot succeed.
  if (setup.detail) {
    const problems = h('div', { class: 'setup-problems', role: 'alert', 'aria-label': 'Settings problems' });
    problems.append(h('strong', {}, 'A setting needs fixing. '));
    const list = h('ul', {});
    for (const line of setup.detail.split('\n')) list.append(h('li', {}, line));
    problems.append(list, actionButton('Open Settings', 'settings-gear', 'openSettings', run));
    section.append(problems);
  }
  section.append(h('p', {}, 'Before Claude can answer:'), steps);
  section.append(h('p', { class: 'muted' }, `Endpoint: ${setup.endpoint || '(none)'}`));
  return section;
}

function actionButton(
  label: string,
  codicon: string,
  command: Command,
  run: (command: Command) => void,
): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'secondary' }, icon(codicon), ` ${label}`);
  b.addEventListener('click', () => run(command));
  return b;
}
