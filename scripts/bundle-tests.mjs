// Bundles test files for plain node (esbuild, code split, one run directory), so node's test runner loads each file
// without tsx. Through tsx every module of a test file's graph crosses Node 20's off-thread loader hooks twice (resolve,
// load), which costs about a CPU second per file that loads the server (3.9 -> 2.2 s for conversation-service.test.ts)
// and half a second for the smallest: a third of the suite's CPU, spent before any test ran.
//
// The bundles behave like the sources they come from:
// - workspace packages (@parley/*) are bundled from src/ (the @parley/source condition, as tsx resolves them);
//   every other package stays an import that node resolves from node_modules, as it does for the sources;
// - import.meta.url, .dirname and .filename in the project's own modules are replaced by the module's original
//   location, so paths computed from them (flows, fixtures, the widget's dist/, scripts run with tsx) are unchanged;
// - names are kept (class and function names show in errors and logs), as tsx keeps them;
// - each module's tsconfig applies, as with tsx.
// Source maps are written beside the chunks; set NODE_OPTIONS=--enable-source-maps for stack traces into the sources.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Replaces import.meta's location properties with the module's own, before esbuild merges modules into chunks. */
const originalLocations = {
  name: 'original-locations',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Packages other than the workspaces stay imports: node resolves them from the run directory's node_modules. */
const packagesExternal = {
  name: 'packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@parley/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Bundles `files` (paths relative to the repository) into `outdir` (inside the repository's node_modules, so that
 * node finds the external packages from there); resolves to the bundle of each file, in the same order.
 */
export async function bundleTests(files, outdir) {
  await build({
    absWorkingDir: root,
    entryPoints: files.map((f) => join(root, f)),
    outbase: root,
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@parley/source'],
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'error',
    plugins: [originalLocations, packagesExternal],
  });
  return files.map((f) => join(outdir, relative(root, join(root, f)).replace(/\.[cm]?ts$/, '.mjs')));
}
