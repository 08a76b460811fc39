/**
 * A parsed YAML file that remembers where everything came from, so that a problem found at a
 * data path (["nodes", "menu", "options", 2, "goto"]) can be reported as file:line:column.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type * as z from 'zod';

/** One problem in a flow, with its position (1-based). */
export interface FlowProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type DataPath = ReadonlyArray<string | number>;

export interface YamlSource {
  file: string;
  /** The plain data (undefined when the file did not parse). */
  data: unknown;
  /** Syntax errors, already positioned. */
  syntaxProblems: FlowProblem[];
  /** Position of the value at `path` (or of its key with `atKey`); falls back to the nearest existing ancestor. */
  problemAt(path: DataPath, message: string, atKey?: boolean): FlowProblem;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const pos = (offset: number) => lineCounter.linePos(offset);
  const syntaxProblems: FlowProblem[] = doc.errors.map((e) => {
    const p = pos(e.pos[0]);
    return { file, line: p.line, column: p.col, message: firstLine(e.message) };
  });
  return {
    file,
    data: syntaxProblems.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined,
    syntaxProblems,
    problemAt(path, message, atKey = false) {
      const node = findNode(doc, path, atKey);
      const p = pos(node?.range?.[0] ?? 0);
      return { file, line: p.line, column: p.col, message };
    },
  };
}

function findNode(doc: Document, path: DataPath, atKey: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let best = node as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return best;
      if (last && atKey && isScalar(pair.key)) return pair.key;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) return best;
    } else {
      return best;
    }
    best = node as Node;
  }
  return best;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** Formats problems as "file:line:column: message", one per line. */
export function formatProblems(problems: readonly FlowProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n');
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
