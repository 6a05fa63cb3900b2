// The chat in the default dark theme (light is what the other specs use).
import { themeTest } from './themeCheck';

themeTest('Default Dark Modern', /vscode-dark/);
