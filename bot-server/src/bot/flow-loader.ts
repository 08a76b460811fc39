/**
 * Loads a flow directory: parses the YAML files keeping positions, validates the schema and the
 * cross-references, and reports every problem at once as PARLEY_ERR_FLOW with file:line:column.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isParleyError, ParleyError } from '../errors.js';
import { parseRichCatalogue, type RichCatalogue } from '../rich/catalogue.js';
import { checkFlow, type FlowFileName } from './flow-checks.js';
import type { CompiledFlow } from './flow-model.js';
import { FlowFileSchema, FormsFileSchema, IntentsFileSchema } from './flow-schema.js';
import { formatProblems, parsePart, parseYamlSource, type FlowProblem, type YamlSource } from './yaml-source.js';

export { formatProblems, parsePart } from './yaml-source.js';

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
  const rich = await loadRich(dir, hash, problems);
  for (const [nodeId, node] of Object.entries(flow?.nodes ?? {})) {
    if (node.type === 'say' && node.rich && !rich?.responses.has(node.rich))
      problems.push(sources['flow.yaml']!.problemAt(['nodes', nodeId, 'rich'], `no rich response "${node.rich}"`));
  }
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
    ...(rich ? { rich } : {}),
  } satisfies CompiledFlow);
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

/** rich-responses.yaml beside the flow, when there is one; its problems are the flow's. */
async function loadRich(
  dir: string,
  hash: ReturnType<typeof createHash>,
  problems: FlowProblem[],
): Promise<RichCatalogue | undefined> {
  const full = path.join(dir, 'rich-responses.yaml');
  const text = await readText(full, false, problems);
  if (text === undefined) return undefined;
  hash.update('rich-responses.yaml').update('\0').update(text).update('\0');
  try {
    return parseRichCatalogue(full, text);
  } catch (err) {
    if (!isParleyError(err) || !Array.isArray(err.detail)) throw err;
    problems.push(...(err.detail as FlowProblem[]));
    return undefined;
  }
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
