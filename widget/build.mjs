#!/usr/bin/env node
// Builds widget/dist:
//   parley.js                a tiny classic script (IIFE): reads its data- attributes, stubs window.Parley,
//                            imports the boot chunk relative to its own URL;
//   boot-<hash>.js + chunks  ES modules with code splitting: boot (launcher) first, the panel and extra
//                            locales load on demand;
//   *.gz, *.br               precompressed copies; manifest.json with sizes and the budget verdict.
// Usage: node build.mjs [--no-budget]
import { build, transform } from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minifyHtmlLiterals } from './html-literals.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, 'dist');

/**
 * Size budgets in gzip bytes (see README), one per load group: what loads before the first click (loader,
 * boot, Lit); a text conversation (that plus the panel); each on-demand chunk (the uploader, the rich
 * renderers), loaded only when first needed; and everything the widget can ever load (every file in dist/).
 */
export const BUDGETS = {
  initialGzip: 15 * 1024,
  conversationGzip: 40 * 1024,
  uploaderGzip: 8 * 1024,
  richGzip: 8 * 1024,
  afterChatGzip: 8 * 1024,
  totalGzip: 70 * 1024,
};

/** On-demand groups: the chunk of each lazily imported entry (named after its file) and the chunks only it uses. */
const LAZY_GROUPS = {
  uploader: 'src/uploader-entry.ts',
  rich: 'src/rich-entry.ts',
  afterChat: 'src/after-chat-entry.ts',
};

const args = process.argv.slice(2);

/**
 * Minifies the CSS held in template literals (Lit `css` tags and the plain `*Css` strings shared with the
 * loader): esbuild minifies the JavaScript around them but leaves their text as written.
 */
const minifyCssLiterals = {
  name: 'minify-css-literals',
  setup(b) {
    b.onLoad({ filter: /(\.styles|-css)\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      let out = '';
      let last = 0;
      for (const m of source.matchAll(/(\bcss|Css = )`([^`$\\]*)`/g)) {
        const { code } = await transform(m[2], { loader: 'css', minify: true });
        out += `${source.slice(last, m.index)}${m[1]}\`${code.trim()}\``;
        last = m.index + m[0].length;
      }
      return { contents: out + source.slice(last), loader: 'ts' };
    });
  },
};

/** Drops the formatter's line breaks inside Lit `html` templates (see html-literals.mjs). */
const minifyHtmlTemplates = {
  name: 'minify-html-literals',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
      if (/(\.styles|-css|\.test)\.ts$/.test(path)) return undefined;
      const source = await readFile(path, 'utf8');
      return source.includes('html`') ? { contents: minifyHtmlLiterals(source), loader: 'ts' } : undefined;
    });
  },
};

/**
 * In the chunks, the CSS texts shared with the loader's launcher come from the loader (which already
 * carries them) instead of being bundled a second time: see src/loader/css-handover.ts.
 */
const cssFromLoader = {
  name: 'css-from-loader',
  setup(b) {
    b.onResolve({ filter: /\/(shared-css|host-css|launcher-css)\.js$/ }, () => ({
      path: join(here, 'src/loader/css-received.ts'),
    }));
  },
};

const common = {
  plugins: [minifyCssLiterals, minifyHtmlTemplates],
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
  if (/^(fr|de)-/.test(name)) return 'locale';
  return lazySets.find(([, set]) => set.has(name))?.[0] ?? 'panel';
}
let initialSet = new Set();
/** @type {Array<[string, Set<string>]>} */
let lazySets = [];

/** The output files reachable from `start` through static imports. */
function staticClosure(outputs, start, rel) {
  const seen = new Set();
  const visit = (out) => {
    if (seen.has(rel(out))) return;
    seen.add(rel(out));
    for (const imp of outputs[out].imports) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(start);
  return seen;
}

async function main() {
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });

  const esm = await build({
    ...common,
    entryPoints: { boot: join(here, 'src/boot.ts') },
    plugins: [...common.plugins, cssFromLoader],
    outdir: dist,
    format: 'esm',
    splitting: true,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    metafile: true,
  });
  // Phone numbers are parsed on the server (libphonenumber-js with full metadata); keep it out of the widget.
  const heavy = Object.keys(esm.metafile.inputs).filter((p) => p.includes('node_modules/libphonenumber-js/'));
  if (heavy.length) throw new Error(`widget: libphonenumber-js must not be bundled (imported: ${heavy[0]})`);
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
  // A lazy group holds its entry's chunk and the chunks it imports that nothing outside the group needs.
  const panelOut = Object.keys(outputs).find((p) => outputs[p].entryPoint?.endsWith('src/panel-entry.ts'));
  const panelSet = panelOut ? staticClosure(outputs, panelOut, rel) : new Set();
  lazySets = Object.entries(LAZY_GROUPS).flatMap(([group, entry]) => {
    const out = Object.keys(outputs).find((p) => outputs[p].entryPoint?.endsWith(entry));
    if (!out) return [];
    const own = [...staticClosure(outputs, out, rel)].filter((n) => !initial.has(n) && !panelSet.has(n));
    return [[group, new Set(own)]];
  });

  await build({
    ...common,
    entryPoints: [join(here, 'src/loader/loader.ts')],
    outfile: join(dist, 'parley.js'),
    format: 'iife',
    define: {
      __PARLEY_BOOT__: JSON.stringify(`./${bootFile}`),
      // Fetched in parallel with the boot chunk instead of after it (no request waterfall).
      __PARLEY_PRELOAD__: JSON.stringify(
        [...initial].filter((n) => n !== 'parley.js' && n !== bootFile).map((n) => `./${n}`),
      ),
    },
  });

  const files = {};
  for (const name of (await readdir(dist)).filter((f) => f.endsWith('.js')).sort()) {
    const bytes = await readFile(join(dist, name));
    const gz = gzipSync(bytes, { level: 9 });
    const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    await writeFile(join(dist, `${name}.gz`), gz);
    await writeFile(join(dist, `${name}.br`), br);
    files[name] = {
      bytes: bytes.length,
      gzip: gz.length,
      brotli: br.length,
      initial: initial.has(name),
      group: groupOf(name),
    };
  }
  const sum = (pred, key) =>
    Object.entries(files)
      .filter(([n]) => pred(n))
      .reduce((s, [, f]) => s + f[key], 0);
  const manifest = {
    boot: bootFile,
    initialGzip: sum((n) => initial.has(n), 'gzip'),
    conversationGzip: sum((n) => files[n].group === 'initial' || files[n].group === 'panel', 'gzip'),
    uploaderGzip: sum((n) => files[n].group === 'uploader', 'gzip'),
    richGzip: sum((n) => files[n].group === 'rich', 'gzip'),
    afterChatGzip: sum((n) => files[n].group === 'afterChat', 'gzip'),
    totalGzip: sum(() => true, 'gzip'),
    totalBrotli: sum(() => true, 'brotli'),
    budgets: BUDGETS,
    files,
  };
  await writeFile(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `widget: gzip before the first click ${kb(manifest.initialGzip)} (budget ${kb(BUDGETS.initialGzip)}), ` +
      `a conversation ${kb(manifest.conversationGzip)} (budget ${kb(BUDGETS.conversationGzip)}), ` +
      `uploader ${kb(manifest.uploaderGzip)}, rich renderers ${kb(manifest.richGzip)} and after-chat ${kb(manifest.afterChatGzip)} (budget ${kb(BUDGETS.uploaderGzip)} each), ` +
      `everything ${kb(manifest.totalGzip)} (budget ${kb(BUDGETS.totalGzip)})`,
  );
  const over = Object.keys(BUDGETS).filter((k) => manifest[k] > BUDGETS[k]);
  if (!args.includes('--no-budget') && over.length) {
    console.error(`widget: size budget exceeded: ${over.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
