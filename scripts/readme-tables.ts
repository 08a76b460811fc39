/**
 * Keeps README.md's generated tables current: the configuration table (from bot-server's config
 * sections, their doc comments and defaults) and the error-code table (from the catalogue).
 *   node --import tsx scripts/readme-tables.ts          # rewrite README.md in place
 *   node --import tsx scripts/readme-tables.ts --check  # exit 1 when README.md is stale
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ERRORS, type ErrorSpec } from '../protocol/src/index.js';
import { loadConfig } from '../bot-server/src/config/index.js';

const root = resolve(import.meta.dirname, '..');
const sectionsDir = join(root, 'bot-server', 'src', 'config', 'sections');

/** Doc comment immediately above each `NAME:` key in a section file. */
function docComments(file: string): Map<string, string> {
  const src = readFileSync(file, 'utf8');
  const out = new Map<string, string>();
  const re = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*([A-Za-z_][A-Za-z0-9_]*)\s*:/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const text = (m[1] ?? '')
      .split('\n')
      .map((l) => l.replace(/^\s*\*\s?/, '').trim())
      .filter(Boolean)
      .join(' ');
    out.set(m[2] as string, text);
  }
  const keys = new Map<string, string>();
  for (const line of src.split('\n')) {
    const k = /^\s{2}([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(line)?.[1];
    if (k) keys.set(k, out.get(k) ?? '');
  }
  return keys;
}

/** A value object that prints itself (the time zone), rather than as [object Object]. */
const printsItself = (value: unknown): value is { toString(): string } =>
  typeof value === 'object' && value !== null && value.toString !== Object.prototype.toString;

function plain(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(plain).join(',');
  return printsItself(value) ? value.toString() : JSON.stringify(value);
}

/** A default as the table shows it: code-formatted, lists comma separated, nothing when there is none. */
function shownDefault(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '';
  return `\`${plain(value)}\``;
}

export function configTable(): string {
  const defaults = loadConfig({}) as unknown as Record<string, Record<string, unknown>>;
  const rows = ['| Variable | Default | Meaning |', '| --- | --- | --- |'];
  // Every section the config module composes, in its order: a new section cannot be left out of the table.
  for (const section of Object.keys(defaults)) {
    const file = join(sectionsDir, `${section}.ts`);
    if (!existsSync(file)) throw new Error(`config section "${section}" has no file ${file} to document it`);
    for (const [key, doc] of docComments(file)) {
      rows.push(`| \`${key}\` | ${shownDefault(defaults[section]?.[key])} | ${doc.replace(/\|/g, '\\|')} |`);
    }
  }
  return rows.join('\n');
}

export function errorTable(): string {
  const rows = ['| Code | HTTP | WS close | Meaning |', '| --- | --- | --- | --- |'];
  for (const [code, spec] of Object.entries<ErrorSpec>(ERRORS)) {
    rows.push(`| \`${code}\` | ${spec.status} | ${spec.closeCode ?? ''} | ${spec.message} |`);
  }
  return rows.join('\n');
}

export function renderReadme(readme: string): string {
  return replaceBlock(replaceBlock(readme, 'config', configTable()), 'errors', errorTable());
}

function replaceBlock(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const path = join(root, 'README.md');
  const current = readFileSync(path, 'utf8');
  const next = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md is stale: run `node --import tsx scripts/readme-tables.ts`');
      process.exit(1);
    }
    console.log('README.md tables are current');
  } else {
    writeFileSync(path, next);
    console.log('README.md tables written');
  }
}
