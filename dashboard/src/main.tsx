/** The dashboard's entry: styles, theme, and the app mounted on #app. */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'hono/jsx/dom';
import { App } from './views/app.js';
import { applyTheme, initialTheme } from './theme.js';

applyTheme(initialTheme());
const root = document.getElementById('app');
if (root) render(<App />, root);
