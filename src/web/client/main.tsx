/** Entry point of the console bundle (scripts/build-web.mjs). */
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';
import './pages.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
