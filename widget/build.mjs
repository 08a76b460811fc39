#!/usr/bin/env node
// Builds widget/dist:
//   parley.js                a tiny classic script (IIFE): reads its data- attributes, stubs window.Parley,
//                            imports the boot chunk relative to its own URL;
//   boot-<hash>.js + chunks  ES modules with code splitting: boot (launcher) first, the panel, the phone
//                            field and extra locales load on demand;
//   *.gz, *.br               precompressed copies; manifest.json with sizes and the budget verdict.
// Usage: node build.mjs [--phone-countries=GB,FR,...|all] [--no-budget]
import { build } from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, 'dist');
const require = createRequire(import.meta.url);

/**
 * Size budgets in gzip bytes (see README): before the first click; for a conversation (loader, boot,
 * Lit, panel with protocol validation); and the phone-field chunk (libphonenumber-js core + metadata),
 * which loads only when a form asks for a phone number.
 */
export const BUDGETS = { initialGzip: 15 * 1024, conversationGzip: 40 * 1024, phoneGzip: 14 * 1024 };

/** Countries whose phone metadata ships by default (others typed as +E.164 are left to the server). */
const DEFAULT_PHONE_COUNTRIES =
  'GB IE FR DE NL BE LU CH AT ES PT IT DK SE NO FI PL CZ US CA MX BR AU NZ IN SG AE ZA JP'.split(' ');

const args = process.argv.slice(2);
const arg = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const phoneCountries = (arg('phone-countries') ?? DEFAULT_PHONE_COUNTRIES.join(',')).toUpperCase();

/** The libphonenumber-js `min` metadata reduced to `countries`, without formatting rules (not needed to parse to E.164). */
function reducedPhoneMetadata(countries) {
  const full = require('libphonenumber-js/metadata.min.json');
  if (countries === 'ALL') return full;
  const keep = new Set(countries.split(','));
  const out = { version: full.version, country_calling_codes: {}, countries: {} };
  for (const [code, list] of Object.entries(full.country_calling_codes)) {
    const kept = list.filter((c) => keep.has(c));
    if (kept.length) out.country_calling_codes[code] = kept;
  }
  for (const c of keep) {
    if (!full.countries[c]) throw new Error(`unknown country in --phone-countries: ${c}`);
    const entry = [...full.countries[c]];
    entry[4] = undefined; // number formats: display only
    out.countries[c] = entry;
  }
  return out;
}

const phoneMetadataPlugin = {
  name: 'parley-phone-metadata',
  setup(b) {
    b.onResolve({ filter: /^libphonenumber-js\/metadata\.min\.json$/ }, () => ({ path: 'phone-metadata', namespace: 'parley' }));
    b.onLoad({ filter: /.*/, namespace: 'parley' }, () => ({ contents: JSON.stringify(reducedPhoneMetadata(phoneCountries)), loader: 'json' }));
  },
};

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
  tsconfig: join(here, 'tsconfig.json'),
};

/** Which load stage a file belongs to (see BUDGETS). */
function groupOf(name) {
  if (initialSet.has(name)) return 'initial';
  if (name.startsWith('phone-')) return 'phone';
  if (/^(fr|de)-/.test(name)) return 'locale';
  return 'panel';
}
let initialSet = new Set();

async function main() {
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });

  const esm = await build({
    ...common,
    entryPoints: { boot: join(here, 'src/boot.ts') },
    outdir: dist,
    format: 'esm',
    splitting: true,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    metafile: true,
    plugins: [phoneMetadataPlugin],
  });
  const outputs = esm.metafile.outputs;
  const rel = (p) => relative(dist, join(here, p)).replaceAll('\\', '/');
  const bootOut = Object.keys(outputs).find((p) => outputs[p].entryPoint?.endsWith('src/boot.ts'));
  const bootFile = rel(bootOut);

  // The initial set: the loader, the boot chunk and everything it imports statically.
  const initial = new Set(['parley.js']);
  const visit = (out) => {
    const name = rel(out);
    if (initial.has(name) && name !== bootFile) return;
    initial.add(name);
    for (const imp of outputs[out].imports) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(bootOut);
  initialSet = initial;

  await build({
    ...common,
    entryPoints: [join(here, 'src/loader/loader.ts')],
    outfile: join(dist, 'parley.js'),
    format: 'iife',
    define: {
      __PARLEY_BOOT__: JSON.stringify(`./${bootFile}`),
      // Fetched in parallel with the boot chunk instead of after it (no request waterfall).
      __PARLEY_PRELOAD__: JSON.stringify([...initial].filter((n) => n !== 'parley.js' && n !== bootFile).map((n) => `./${n}`)),
    },
  });

  const files = {};
  for (const name of (await readdir(dist)).filter((f) => f.endsWith('.js')).sort()) {
    const bytes = await readFile(join(dist, name));
    const gz = gzipSync(bytes, { level: 9 });
    const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    await writeFile(join(dist, `${name}.gz`), gz);
    await writeFile(join(dist, `${name}.br`), br);
    files[name] = { bytes: bytes.length, gzip: gz.length, brotli: br.length, initial: initial.has(name), group: groupOf(name) };
  }
  const sum = (pred, key) => Object.entries(files).filter(([n]) => pred(n)).reduce((s, [, f]) => s + f[key], 0);
  const manifest = {
    boot: bootFile,
    phoneCountries: phoneCountries === 'ALL' ? 'all' : phoneCountries.split(','),
    initialGzip: sum((n) => initial.has(n), 'gzip'),
    conversationGzip: sum((n) => files[n].group === 'initial' || files[n].group === 'panel', 'gzip'),
    phoneGzip: sum((n) => files[n].group === 'phone', 'gzip'),
    totalGzip: sum(() => true, 'gzip'),
    totalBrotli: sum(() => true, 'brotli'),
    budgets: BUDGETS,
    files,
  };
  await writeFile(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `widget: gzip initial ${kb(manifest.initialGzip)} (budget ${kb(BUDGETS.initialGzip)}), conversation ${kb(manifest.conversationGzip)} ` +
      `(budget ${kb(BUDGETS.conversationGzip)}), phone chunk ${kb(manifest.phoneGzip)} (budget ${kb(BUDGETS.phoneGzip)}), everything ${kb(manifest.totalGzip)}`,
  );
  const over = ['initialGzip', 'conversationGzip', 'phoneGzip'].filter((k) => manifest[k] > BUDGETS[k]);
  if (!args.includes('--no-budget') && over.length) {
    console.error(`widget: size budget exceeded: ${over.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
