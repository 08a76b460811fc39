// Builds the phone pages (Lit) into dist/phone/: phone.js (bundled, minified), index.html, phone.css.
// Their own folder, because scripts/build-server.mjs compiles src/ into dist/ and only the pages are served.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const root = new URL('.', import.meta.url).pathname;
const out = `${root}dist/phone`;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [`${root}phone/phone-app.ts`],
  outfile: `${out}/phone.js`,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  tsconfig: `${root}tsconfig.json`,
  logLevel: 'warning',
});
for (const f of ['index.html', 'phone.css']) copyFileSync(`${root}phone/${f}`, `${out}/${f}`);
console.log('aggregator-sim: phone pages built into dist/phone/');
