/**
 * Turns a zod/mini schema into a Shape (shape.ts) by reading its definition. Only the kinds the wire protocol
 * uses are known; anything else throws, so a new kind of schema is noticed when the shapes are regenerated.
 * Used by gen-frame-shape.ts and the tests, never bundled.
 */
import type { Shape } from './shape.js';

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}
interface ZodLike {
  _zod: { def: Def };
}

const defOf = (s: unknown): Def => (s as ZodLike)._zod.def;

/** min/max from length checks (strings, arrays) or value checks (numbers). */
function bounds(def: Def): { min: number | null; max: number | null; re: string | null; custom: boolean } {
  let min: number | null = null;
  let max: number | null = null;
  let re: string | null = null;
  let custom = false;
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.check === 'min_length') min = c.minimum ?? null;
    else if (c.check === 'max_length') max = c.maximum ?? null;
    else if (c.check === 'greater_than' && c.inclusive) min = c.value ?? null;
    else if (c.check === 'less_than' && c.inclusive) max = c.value ?? null;
    else if (c.check === 'string_format' && c.format === 'regex' && c.pattern) re = c.pattern.source;
    else if (c.check === 'custom') custom = true;
    else throw new Error(`zod-shape: unknown check ${c.check}`);
  }
  return { min, max, re, custom };
}

export function zodShape(schema: unknown): Shape {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      const b = bounds(def);
      // The protocol's one refinement is the safe-URL check (SafeUrlSchema).
      return ['s', b.min, b.max, b.re, b.custom ? 1 : 0];
    }
    case 'number': {
      const b = bounds(def);
      if (b.custom || b.re) throw new Error('zod-shape: unknown number check');
      const int = def.format === 'safeint' ? 1 : 0;
      if (def.format !== undefined && !int)
        throw new Error(`zod-shape: unknown number format ${JSON.stringify(def.format)}`);
      return ['n', int, b.min, b.max];
    }
    case 'boolean':
      return ['b'];
    case 'null':
      return ['z'];
    case 'literal': {
      const values = def.values as Array<string | number | boolean>;
      if (values.length !== 1) throw new Error('zod-shape: literal with several values');
      return ['l', values[0] as string | number | boolean];
    }
    case 'enum':
      return ['e', Object.values(def.entries as Record<string, string | number>)];
    case 'optional':
      return ['?', zodShape(def.innerType)];
    case 'array': {
      const b = bounds(def);
      return ['a', zodShape(def.element), b.min, b.max];
    }
    case 'record':
      return ['r', zodShape(def.keyType), zodShape(def.valueType)];
    case 'object': {
      if (defOf(def.catchall).type !== 'never') throw new Error('zod-shape: only strict objects are known');
      const shape = def.shape as Record<string, unknown>;
      return ['o', Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, zodShape(v)]))];
    }
    case 'union': {
      const options = (def.options as unknown[]).map(zodShape);
      return typeof def.discriminator === 'string' ? ['d', def.discriminator, options] : ['u', options];
    }
    default:
      throw new Error(`zod-shape: unknown schema type ${def.type}`);
  }
}
