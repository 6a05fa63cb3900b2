// Webview entry: the chat app on VS Code's messenger.
import { startChatApp } from './chatApp';
import { vscodeMessenger } from './hostMessenger';

const app = document.getElementById('app');
if (!app) throw new Error('missing #app');
startChatApp(app, vscodeMessenger());
