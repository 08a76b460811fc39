#!/usr/bin/env node
// Compiles the server-side workspaces (protocol, the two simulators, bot-server) from src/ to dist/, one JavaScript
// module per TypeScript module, for `npm run serve` (plain node: no tsx, no devDependencies).
//
// Why esbuild rather than `tsc -b` emit: `npm run typecheck` already checks these sources with tsc, so emitting
// with tsc would type-check them a second time, while esbuild transpiles them in well under a second.
// Transpiling file by file is exact here because the tsconfigs set isolatedModules and verbatimModuleSyntax,
// and it reads the same tsconfig as tsx, which runs these sources in the tests. Nothing is bundled: dist/
// mirrors src/, so paths computed from import.meta.url (the flows, widget/dist, the demo site, the agent
// desktop, package.json) resolve from dist/ exactly as they do from src/.
//
// Each file is written only when its content changes, through a temporary file and a rename, so a process
// loading dist/ at that moment (a test's server child) never sees a half-written module.
// Usage: node scripts/build-server.mjs
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_WORKSPACES = ['protocol', 'aacc-sim', 'aggregator-sim', 'bot-server'];

/** Everything but tests and declarations: test doubles stay, as a workspace's index may export them. */
const isModule = (path) => path.endsWith('.ts') && !/\.(test|d)\.ts$/.test(path);

function sources(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (isModule(name)) out.push(full);
  }
  return out;
}

function writeIfChanged(path, contents) {
  try {
    if (readFileSync(path).equals(contents)) return false;
  } catch {
    // Not built yet.
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
  return true;
}

/** Written after each build with the time it started: a source changed later than that is not in dist/ yet. */
const stampOf = (ws) => join(root, ws, 'dist', '.built');

export async function buildServer() {
  let written = 0;
  const started = new Date();
  for (const ws of SERVER_WORKSPACES) {
    const src = join(root, ws, 'src');
    const result = await build({
      entryPoints: sources(src),
      outbase: src,
      outdir: join(root, ws, 'dist'),
      bundle: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      sourcesContent: false,
      tsconfig: join(root, 'tsconfig.json'),
      write: false,
      logLevel: 'warning',
    });
    for (const file of result.outputFiles) if (writeIfChanged(file.path, Buffer.from(file.contents))) written++;
    writeFileSync(stampOf(ws), '');
    utimesSync(stampOf(ws), started, started);
  }
  return written;
}

/**
 * Builds when a source changed since the last build started: servers that tests start run dist/ (what `npm start`
 * serves), and a test file run on its own after an edit must not start yesterday's server.
 */
export async function ensureServerBuilt() {
  const stale = SERVER_WORKSPACES.some((ws) => {
    let built;
    try {
      built = statSync(stampOf(ws)).mtimeMs;
    } catch {
      return true;
    }
    return sources(join(root, ws, 'src')).some((file) => statSync(file).mtimeMs > built);
  });
  if (stale) await buildServer();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await buildServer();
  const dists = SERVER_WORKSPACES.map((ws) => relative(root, join(root, ws, 'dist'))).join(', ');
  console.log(`server: ${written} file(s) updated in ${dists}`);
}
