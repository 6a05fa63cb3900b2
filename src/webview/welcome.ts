// The welcome state: guides a new user through the three steps (pick or add an endpoint, set its key, test the
// connection), says exactly what is missing, and shows a bad setting's own message with the way to fix it.
import type { SetupState } from '../shared/protocol';
import { h, icon } from './dom';
import { l10n } from './l10n';

type Command = 'setApiKey' | 'openSettings' | 'selectEndpoint' | 'addEndpoint' | 'testConnection';

/** `run`: asks the host to run one of the setup commands. */
export function renderWelcome(setup: SetupState | undefined, run: (command: Command) => void): HTMLElement {
  const section = h('section', { class: 'welcome', 'aria-label': l10n.t('Welcome') });
  section.append(h('h2', {}, icon('sparkle'), ' Claude Messages'));
  if (!setup) {
    section.append(h('p', { class: 'muted' }, l10n.t('Connecting to the extension…')));
    return section;
  }
  if (setup.ready) {
    section.append(
      h('p', {}, l10n.t('Ask about your code, paste an image, or select code and use the Claude actions.')),
      h('p', { class: 'muted' }, l10n.t('Endpoint: {0} · Model: {1}', setup.endpoint, setup.model)),
      h(
        'p',
        { class: 'welcome-actions' },
        actionButton(l10n.t('Test Connection'), 'pulse', 'testConnection', run),
        actionButton(l10n.t('Switch Endpoint'), 'arrow-swap', 'selectEndpoint', run),
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
      h(
        'strong',
        {},
        endpointBad ? l10n.t('The endpoint needs fixing.') : l10n.t('Choose the endpoint.'),
        ' ',
      ),
      endpointBad
        ? l10n.t('Its base URL is not usable (see below).')
        : l10n.t(
            'Now: {0}. Keep Anthropic, or pick or add your gateway.',
            setup.endpoint || l10n.t('(none)'),
          ),
      actionButton(l10n.t('Select Endpoint'), 'server', 'selectEndpoint', run),
      actionButton(l10n.t('Add Endpoint'), 'add', 'addEndpoint', run),
    ),
  );
  steps.append(
    setup.problems.includes('noKey')
      ? h(
          'li',
          {},
          h('strong', {}, l10n.t('No API key configured.'), ' '),
          l10n.t(
            "Store your Anthropic or gateway key in VS Code's secret storage, or set ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN.",
          ),
          actionButton(l10n.t('Set API Key'), 'key', 'setApiKey', run),
        )
      : h('li', {}, h('strong', {}, l10n.t('API key:'), ' '), l10n.t('found.')),
  );
  steps.append(
    h(
      'li',
      {},
      h('strong', {}, l10n.t('Test the connection.'), ' '),
      l10n.t('Checks the endpoint, the key, the models and one tiny message, and says what to fix.'),
      actionButton(l10n.t('Test Connection'), 'pulse', 'testConnection', run),
    ),
  );
  // A bad setting comes first: until it is fixed, the steps below cannot succeed.
  if (setup.detail) {
    const problems = h('div', {
      class: 'setup-problems',
      role: 'alert',
      'aria-label': l10n.t('Settings problems'),
    });
    problems.append(h('strong', {}, l10n.t('A setting needs fixing.'), ' '));
    const list = h('ul', {});
    for (const line of setup.detail.split('\n')) list.append(h('li', {}, line));
    problems.append(list, actionButton(l10n.t('Open Settings'), 'settings-gear', 'openSettings', run));
    section.append(problems);
  }
  section.append(h('p', {}, l10n.t('Before Claude can answer:')), steps);
  section.append(h('p', { class: 'muted' }, l10n.t('Endpoint: {0}', setup.endpoint || l10n.t('(none)'))));
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
