/**
 * Wire shapes as plain data, and the one function that checks a value against them. The widget validates every
 * inbound frame with these instead of bundling zod (about a quarter of the conversation bundle): the shapes are
 * generated from the protocol's zod schemas (gen-frame-shape.ts), and frame-shape.test.ts holds both in step.
 */
import { isSafeUrl } from '@parley/protocol';

export type Shape =
  /** A string: min and max length, a regular expression, and 1 when it must be a safe URL (isSafeUrl). */
  | ['s', number | null, number | null, string | null, 0 | 1]
  /** A number: 1 when a (safe) integer, then min and max. */
  | ['n', 0 | 1, number | null, number | null]
  | ['b']
  | ['z']
  | ['l', string | number | boolean]
  | ['e', Array<string | number>]
  /** A strict object (unknown keys refused). */
  | ['o', Record<string, Shape>]
  | ['?', Shape]
  /** An array: element, min and max length. */
  | ['a', Shape, number | null, number | null]
  | ['r', Shape, Shape]
  | ['u', Shape[]]
  /** A union discriminated on `key`. */
  | ['d', string, Shape[]];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const within = (n: number, min: number | null, max: number | null): boolean =>
  (min === null || n >= min) && (max === null || n <= max);

/** The path of the first value that does not fit `s`, or undefined when all of `v` fits. */
export function misfit(s: Shape, v: unknown, path = ''): string | undefined {
  const bad = (ok: boolean): string | undefined => (ok ? undefined : path || '(root)');
  switch (s[0]) {
    case 's':
      return bad(
        typeof v === 'string' &&
          within(v.length, s[1], s[2]) &&
          (s[3] === null || new RegExp(s[3]).test(v)) &&
          (!s[4] || isSafeUrl(v)),
      );
    case 'n':
      return bad(
        typeof v === 'number' && (s[1] ? Number.isSafeInteger(v) : Number.isFinite(v)) && within(v, s[2], s[3]),
      );
    case 'b':
      return bad(typeof v === 'boolean');
    case 'z':
      return bad(v === null);
    case 'l':
      return bad(v === s[1]);
    case 'e':
      return bad(s[1].includes(v as string));
    case '?':
      return v === undefined ? undefined : misfit(s[1], v, path);
    case 'a':
      if (!Array.isArray(v) || !within(v.length, s[2], s[3])) return bad(false);
      for (let i = 0; i < v.length; i++) {
        const m = misfit(s[1], v[i], `${path}.${i}`);
        if (m) return m;
      }
      return undefined;
    case 'r':
      if (!isRecord(v)) return bad(false);
      for (const [k, x] of Object.entries(v)) {
        const m = misfit(s[1], k, `${path}.${k}`) ?? misfit(s[2], x, `${path}.${k}`);
        if (m) return m;
      }
      return undefined;
    case 'o':
      if (!isRecord(v)) return bad(false);
      for (const k of Object.keys(v)) if (!(k in s[1])) return `${path}.${k}`;
      for (const [k, x] of Object.entries(s[1])) {
        const m = misfit(x, v[k], `${path}.${k}`);
        if (m) return m;
      }
      return undefined;
    case 'u':
      return bad(s[1].some((o) => !misfit(o, v, path)));
    case 'd': {
      const option = isRecord(v) ? optionOf(s, v[s[1]]) : undefined;
      return option ? misfit(option, v, path) : bad(false);
    }
  }
}

/** The option of a discriminated union whose discriminator is `value`. */
export function optionOf(s: Extract<Shape, ['d', ...unknown[]]>, value: unknown): Shape | undefined {
  return s[2].find((o) => {
    const tag = o[0] === 'o' ? o[1][s[1]] : undefined;
    return tag?.[0] === 'l' && tag[1] === value;
  });
}
