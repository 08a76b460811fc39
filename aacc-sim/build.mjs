// Builds the agent desktop (Lit) into dist/desktop/: desktop.js (bundled, minified), index.html, desktop.css.
import { buildLitPage } from '../scripts/build-lit-page.mjs';

await buildLitPage({
  workspace: import.meta.url,
  folder: 'desktop',
  entry: 'agent-desktop.ts',
  bundle: 'desktop.js',
  copy: ['index.html', 'desktop.css'],
  label: 'aacc-sim: desktop',
});
