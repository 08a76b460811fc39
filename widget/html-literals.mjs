// Removes the formatting whitespace that Prettier puts inside Lit `html` templates, so the bundle ships
// the markup as tight as it was written. Only whitespace runs that contain a line break are touched (the
// formatter's, never an author's single space): between a tag's end and the next tag's start they go;
// anywhere else they become one space, which HTML renders the same. Text inside `${...}` expressions
// (JavaScript, including nested templates' own expressions) is copied as it is.

const TAG_EDGE = '<>';

/**
 * Tight whitespace for one static chunk of template text. `open`/`close` say what bounds the chunk: the
 * template's own backtick ('`') or an expression ('$'). A run between a tag edge (or the template's
 * edge) and another goes; a run between two expressions stays one space, since both may be text.
 */
function tighten(text, open, close) {
  return text.replace(/\s*\n\s*/g, (run, offset) => {
    const before = offset === 0 ? open : text[offset - 1];
    const after = offset + run.length === text.length ? close : text[offset + run.length];
    const edge = (ch) => ch === '`' || TAG_EDGE.includes(ch);
    if (edge(before) && edge(after)) return '';
    if ((before === '$' && edge(after)) || (edge(before) && after === '$')) return '';
    return ' ';
  });
}

/**
 * Rewrites every `html\`...\`` literal in `source`. Edges of a static chunk that touch an expression
 * are dropped too: `>\n  ${x}` becomes `>${x}`, as an author would have typed it.
 */
export function minifyHtmlLiterals(source) {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const at = source.indexOf('html`', i);
    if (at < 0 || /[\w$]/.test(source[at - 1] ?? '')) {
      if (at < 0) return out + source.slice(i);
      out += source.slice(i, at + 5);
      i = at + 5;
      continue;
    }
    out += source.slice(i, at + 5);
    const [body, end] = template(source, at + 5, true);
    out += body;
    i = end;
  }
  return out;
}

/** Reads a template literal body from `start` (after the backtick); returns [text incl. closing backtick, next index]. */
function template(source, start, minify) {
  let out = '';
  let chunk = '';
  let open = '`';
  let i = start;
  const flush = (close) => {
    out += minify ? tighten(chunk, open, close) : chunk;
    chunk = '';
    open = '$';
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      chunk += source.slice(i, i + 2);
      i += 2;
    } else if (c === '`') {
      flush('`');
      return [`${out}\``, i + 1];
    } else if (c === '$' && source[i + 1] === '{') {
      flush('$');
      const [expr, next] = expression(source, i + 2);
      out += `\${${expr}`;
      i = next;
    } else {
      chunk += c;
      i += 1;
    }
  }
  throw new Error('html-literals: unterminated template literal');
}

/** Reads JavaScript up to the `}` closing a `${`; returns [text incl. that brace, next index]. */
function expression(source, start) {
  let out = '';
  let depth = 0;
  let i = start;
  while (i < source.length) {
    const c = source[i];
    if (c === '"' || c === "'") {
      const close = stringEnd(source, i, c);
      out += source.slice(i, close);
      i = close;
    } else if (c === '`') {
      const nested = source.slice(i - 4, i) === 'html' && !/[\w$]/.test(source[i - 5] ?? '');
      const [body, next] = template(source, i + 1, nested);
      out += `\`${body}`;
      i = next;
    } else if (c === '{') {
      depth += 1;
      out += c;
      i += 1;
    } else if (c === '}') {
      if (depth === 0) return [`${out}}`, i + 1];
      depth -= 1;
      out += c;
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  throw new Error('html-literals: unterminated ${ expression');
}

function stringEnd(source, start, quote) {
  let i = start + 1;
  while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}
