// The chat in the high-contrast theme.
import { themeTest } from './themeCheck';

themeTest('Default High Contrast', /vscode-high-contrast/);
