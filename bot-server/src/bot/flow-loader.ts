/**
 * Loads a flow directory: parses the YAML files keeping positions, validates the schema and the
 * cross-references, and reports every problem at once as PARLEY_ERR_FLOW with file:line:column.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type * as z from 'zod';
import { ParleyError } from '../errors.js';
import { checkFlow, type FlowFileName } from './flow-checks.js';
import type { CompiledFlow } from './flow-model.js';
import { FlowFileSchema, FormsFileSchema, IntentsFileSchema } from './flow-schema.js';
import { parseYamlSource, type FlowProblem, type YamlSource } from './yaml-source.js';

/** Largest flow file accepted (a flow is configuration, not data). */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Finds the flow directory: `root` itself when it holds flow.yaml, else `root/<name>`.
 */
export async function resolveFlowDir(root: string, name: string): Promise<string> {
  const direct = await exists(path.join(root, 'flow.yaml'));
  return direct ? root : path.join(root, name);
}

/** Loads and validates a flow; throws ParleyError('PARLEY_ERR_FLOW') listing every problem. */
export async function loadFlow(root: string, name = 'default'): Promise<CompiledFlow> {
  const dir = await resolveFlowDir(root, name);
  const problems: FlowProblem[] = [];
  const hash = createHash('sha256');
  const sources = {} as Record<FlowFileName, YamlSource | undefined>;
  for (const file of ['flow.yaml', 'intents.yaml', 'forms.yaml'] as const) {
    const full = path.join(dir, file);
    const text = await readText(full, file === 'flow.yaml', problems);
    if (text === undefined) continue;
    hash.update(file).update('\0').update(text).update('\0');
    const src = parseYamlSource(full, text);
    problems.push(...src.syntaxProblems);
    sources[file] = src;
  }
  const flow = parsePart(sources['flow.yaml'], FlowFileSchema, problems);
  const intents = sources['intents.yaml']
    ? parsePart(sources['intents.yaml'], IntentsFileSchema, problems)?.intents
    : {};
  const forms = sources['forms.yaml'] ? parsePart(sources['forms.yaml'], FormsFileSchema, problems)?.forms : {};
  if (flow && intents && forms) {
    for (const p of checkFlow({ flow, intents, forms })) {
      const src = sources[p.file];
      if (src) problems.push(src.problemAt(p.path, p.message, p.atKey));
    }
  }
  if (problems.length > 0 || !flow || !intents || !forms) throw flowError(dir, problems);
  return Object.freeze({
    id: path.basename(dir),
    dir,
    version: hash.digest('hex').slice(0, 12),
    settings: flow,
    nodes: flow.nodes,
    intents,
    forms,
  } satisfies CompiledFlow);
}

/** Formats problems as "file:line:column: message", one per line. */
export function formatProblems(problems: readonly FlowProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n');
}

function flowError(dir: string, problems: FlowProblem[]): ParleyError {
  const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const n = sorted.length;
  return new ParleyError(
    'PARLEY_ERR_FLOW',
    `Invalid flow in ${dir} (${n} problem${n === 1 ? '' : 's'}):\n${formatProblems(sorted)}`,
    sorted,
  );
}

export function parsePart<T>(
  src: YamlSource | undefined,
  schema: z.ZodType<T>,
  problems: FlowProblem[],
): T | undefined {
  if (!src || src.data === undefined) return undefined;
  const r = schema.safeParse(src.data ?? {});
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const p = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push(src.problemAt([...p, key], `${dotted([...p, key])}: unknown key "${key}"`, true));
    } else {
      problems.push(src.problemAt(p, `${dotted(p)}: ${issue.message}`));
    }
  }
  return undefined;
}

function dotted(p: ReadonlyArray<string | number>): string {
  return p.length === 0
    ? '(file)'
    : p
        .map((s) => (typeof s === 'number' ? `[${s}]` : s))
        .join('.')
        .replace(/\.\[/g, '[');
}

async function readText(full: string, required: boolean, problems: FlowProblem[]): Promise<string | undefined> {
  try {
    const s = await stat(full);
    if (s.size > MAX_FILE_BYTES) {
      problems.push({ file: full, line: 1, column: 1, message: `file is larger than ${MAX_FILE_BYTES} bytes` });
      return undefined;
    }
    return await readFile(full, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined;
    problems.push({
      file: full,
      line: 1,
      column: 1,
      message:
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`,
    });
    return undefined;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
