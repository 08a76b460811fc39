// Bundles one simulator's Lit page (the AACC agent desktop, the aggregator's phone pages) into its own dist/<page>/
// folder with the page's static files beside it. A folder of its own, because scripts/build-server.mjs compiles
// src/ into dist/ and only the page is served from there.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * @param {object} page
 * @param {string} page.workspace the workspace's build.mjs `import.meta.url`
 * @param {string} page.folder source folder, also the name of the folder under dist/
 * @param {string} page.entry entry module inside `folder`
 * @param {string} page.bundle the bundle's file name
 * @param {string[]} page.copy static files copied as they are
 * @param {string} page.label what the closing line names
 */
export async function buildLitPage({ workspace, folder, entry, bundle, copy, label }) {
  const root = fileURLToPath(new URL('.', workspace));
  const out = `${root}dist/${folder}`;
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [`${root}${folder}/${entry}`],
    outfile: `${out}/${bundle}`,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    tsconfig: `${root}tsconfig.json`,
    logLevel: 'warning',
  });
  for (const f of copy) copyFileSync(`${root}${folder}/${f}`, `${out}/${f}`);
  console.log(`${label} built into dist/${folder}/`);
}
