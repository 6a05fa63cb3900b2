// Webview entry: the chat app on VS Code's messenger.
import { startChatApp } from './chatApp';
import { vscodeMessenger } from './hostMessenger';
import { loadBundle } from './l10n';

const app = document.getElementById('app');
if (!app) throw new Error('missing #app');
loadBundle(app);
startChatApp(app, vscodeMessenger());
