// Builds the phone pages (Lit) into dist/phone/: phone.js (bundled, minified), index.html, phone.css.
import { buildLitPage } from '../scripts/build-lit-page.mjs';

await buildLitPage({
  workspace: import.meta.url,
  folder: 'phone',
  entry: 'phone-app.ts',
  bundle: 'phone.js',
  copy: ['index.html', 'phone.css'],
  label: 'aggregator-sim: phone pages',
});
