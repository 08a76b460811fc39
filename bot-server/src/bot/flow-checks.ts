/**
 * Referential checks over a flow whose files each passed the schema: every reference resolves,
 * every text exists in every locale, every template variable is known, no automatic loop.
 * Problems are returned with their data path so the loader can turn them into file:line:column.
 */
import { LOCATION_SLOT } from './flow-model.js';
import type { FlowFile, FormDef, IntentDef, LocalText } from './flow-schema.js';
import { templateVariables } from './template.js';
import type { DataPath } from './yaml-source.js';

export type FlowFileName = 'flow.yaml' | 'intents.yaml' | 'forms.yaml';

export interface PathProblem {
  file: FlowFileName;
  path: DataPath;
  message: string;
  atKey?: boolean;
}

export interface FlowParts {
  flow: FlowFile;
  intents: Record<string, IntentDef>;
  forms: Record<string, FormDef>;
}

export function checkFlow({ flow, intents, forms }: FlowParts): PathProblem[] {
  const problems: PathProblem[] = [];
  const add = (file: FlowFileName, path: DataPath, message: string, atKey = false) =>
    problems.push({ file, path, message, atKey });
  const locales = flow.locales;
  // {hours} and {callbackHours}: when chat agents are there and when callbacks may be booked, in the customer's
  // language (empty when unrestricted).
  const variables = new Set<string>([...(flow.variables ?? []), 'hours', 'callbackHours']);
  for (const form of Object.values(forms)) for (const f of form.fields) variables.add(f.name);
  // A location step keeps the shared place in {location}.
  if (Object.values(flow.nodes).some((n) => n.type === 'location')) variables.add(LOCATION_SLOT);

  const nodeRef = (file: FlowFileName, path: DataPath, target: string) => {
    if (!Object.hasOwn(flow.nodes, target))
      add(file, path, `unknown node "${target}"${suggest(target, Object.keys(flow.nodes))}`);
  };
  const text = (file: FlowFileName, path: DataPath, t: LocalText | undefined) => {
    if (!t) return;
    for (const l of locales) if (!Object.hasOwn(t, l)) add(file, path, `missing "${l}" text`, true);
    for (const [l, s] of Object.entries(t)) {
      if (!locales.includes(l)) add(file, [...path, l], `locale "${l}" is not listed in flow.yaml locales`, true);
      for (const v of templateVariables(s))
        if (!variables.has(v))
          add(file, [...path, l], `unknown variable {${v}} (known: ${[...variables].sort().join(', ') || 'none'})`);
    }
  };
  const options = (file: FlowFileName, path: DataPath, opts: IntentDef['options']) => {
    opts?.forEach((o, i) => {
      text(file, [...path, i, 'label'], o.label);
      if (o.goto !== undefined) nodeRef(file, [...path, i, 'goto'], o.goto);
      if (o.intent !== undefined && !Object.hasOwn(intents, o.intent))
        add(file, [...path, i, 'intent'], `unknown intent "${o.intent}"${suggest(o.intent, Object.keys(intents))}`);
    });
  };

  // flow.yaml
  if (!locales.includes(flow.defaultLocale))
    add(
      'flow.yaml',
      ['defaultLocale'],
      `defaultLocale "${flow.defaultLocale}" is not one of locales (${locales.join(', ')})`,
    );
  if (new Set(locales).size !== locales.length) add('flow.yaml', ['locales'], 'duplicate locale');
  nodeRef('flow.yaml', ['start'], flow.start);
  nodeRef('flow.yaml', ['menu'], flow.menu);
  nodeRef('flow.yaml', ['fallback', 'goto'], flow.fallback.goto);
  for (const [ev, target] of Object.entries(flow.events ?? {}))
    if (target !== undefined) nodeRef('flow.yaml', ['events', ev], target);
  if (flow.queueOffer) nodeRef('flow.yaml', ['queueOffer', 'goto'], flow.queueOffer.goto);
  for (const [m, t] of Object.entries(flow.messages)) text('flow.yaml', ['messages', m], t);
  for (const [id, node] of Object.entries(flow.nodes)) {
    const at = (...p: Array<string | number>) => ['nodes', id, ...p];
    switch (node.type) {
      case 'say':
        text('flow.yaml', at('text'), node.text);
        options('flow.yaml', at('options'), node.options);
        if (node.next !== undefined) nodeRef('flow.yaml', at('next'), node.next);
        break;
      case 'choice':
        text('flow.yaml', at('text'), node.text);
        options('flow.yaml', at('options'), node.options);
        break;
      case 'form':
        text('flow.yaml', at('text'), node.text);
        nodeRef('flow.yaml', at('next'), node.next);
        if (!Object.hasOwn(forms, node.form))
          add('flow.yaml', at('form'), `unknown form "${node.form}"${suggest(node.form, Object.keys(forms))}`);
        break;
      case 'escalate':
        text('flow.yaml', at('text'), node.text);
        for (const [k, tpl] of Object.entries(node.details ?? {})) {
          for (const v of templateVariables(tpl))
            if (!variables.has(v)) add('flow.yaml', at('details', k), `unknown variable {${v}}`);
        }
        break;
      case 'location':
        text('flow.yaml', at('text'), node.text);
        text('flow.yaml', at('button'), node.button);
        nodeRef('flow.yaml', at('next'), node.next);
        nodeRef('flow.yaml', at('declined'), node.declined);
        break;
      case 'goto':
        nodeRef('flow.yaml', at('goto'), node.goto);
        break;
      case 'hours':
        nodeRef('flow.yaml', at('open'), node.open);
        nodeRef('flow.yaml', at('closed'), node.closed);
        break;
      case 'end':
        text('flow.yaml', at('text'), node.text);
        break;
    }
  }
  for (const loop of automaticLoops(flow))
    add(
      'flow.yaml',
      ['nodes', loop[0] as string],
      `endless loop without waiting for the customer: ${loop.join(' -> ')}`,
      true,
    );

  // intents.yaml
  const keywordOwner = new Map<string, string>();
  const exampleOwner = new Map<string, string>();
  for (const [id, intent] of Object.entries(intents)) {
    const at = (...p: Array<string | number>) => ['intents', id, ...p];
    for (const l of locales)
      if (!Object.hasOwn(intent.examples, l)) add('intents.yaml', at('examples'), `missing "${l}" examples`);
    for (const [l, list] of Object.entries(intent.examples)) {
      if (!locales.includes(l))
        add('intents.yaml', at('examples', l), `locale "${l}" is not listed in flow.yaml locales`, true);
      list.forEach((ex, i) => {
        const key = `${l}\u0000${ex.trim().toLowerCase()}`;
        const other = exampleOwner.get(key);
        if (other !== undefined && other !== id)
          add('intents.yaml', at('examples', l, i), `example "${ex}" is also an example of intent "${other}"`);
        else exampleOwner.set(key, id);
      });
    }
    for (const [l, list] of Object.entries(intent.keywords ?? {})) {
      list.forEach((kw, i) => {
        const key = `${l}\u0000${kw.trim().toLowerCase()}`;
        const other = keywordOwner.get(key);
        if (other !== undefined && other !== id)
          add('intents.yaml', at('keywords', l, i), `keyword "${kw}" is also a keyword of intent "${other}"`);
        else keywordOwner.set(key, id);
      });
    }
    text('intents.yaml', at('answer'), intent.answer);
    options('intents.yaml', at('options'), intent.options);
    if (intent.goto !== undefined) nodeRef('intents.yaml', at('goto'), intent.goto);
  }

  // forms.yaml
  for (const [id, form] of Object.entries(forms)) {
    const at = (...p: Array<string | number>) => ['forms', id, ...p];
    text('forms.yaml', at('title'), form.title);
    text('forms.yaml', at('submit'), form.submit);
    const names = form.fields.map((f) => f.name);
    form.fields.forEach((f, i) => {
      if (names.indexOf(f.name) !== i) add('forms.yaml', at('fields', i, 'name'), `duplicate field "${f.name}"`);
      text('forms.yaml', at('fields', i, 'label'), f.label);
      text('forms.yaml', at('fields', i, 'placeholder'), f.placeholder);
      if (f.kind === 'choice' && !f.options) add('forms.yaml', at('fields', i), 'a choice field needs options');
      if (f.kind !== 'choice' && f.options)
        add(
          'forms.yaml',
          at('fields', i, 'options'),
          `options are only for choice fields (this one is ${f.kind})`,
          true,
        );
      f.options?.forEach((o, j) => text('forms.yaml', at('fields', i, 'options', j, 'label'), o.label));
      if (f.value !== undefined)
        for (const v of templateVariables(f.value))
          if (!variables.has(v)) add('forms.yaml', at('fields', i, 'value'), `unknown variable {${v}}`);
      const rw = f.onlyWhen;
      if (rw) {
        const other = form.fields.find((g) => g.name === rw.field);
        if (!other || other === f)
          add('forms.yaml', at('fields', i, 'onlyWhen', 'field'), `unknown field "${rw.field}" in form "${id}"`);
        else if (other.options && !other.options.some((o) => o.value === rw.value))
          add(
            'forms.yaml',
            at('fields', i, 'onlyWhen', 'value'),
            `"${rw.value}" is not an option of field "${rw.field}"`,
          );
      }
    });
  }
  return problems;
}

/** Cycles made only of nodes that continue without waiting (say with next, goto). */
function automaticLoops(flow: FlowFile): string[][] {
  const nextOf = (id: string): string | undefined => {
    const n = Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
    if (n?.type === 'goto') return n.goto;
    if (n?.type === 'hours') return n.open;
    if (n?.type === 'say') return n.next;
    return undefined;
  };
  const loops: string[][] = [];
  const reported = new Set<string>();
  for (const startId of Object.keys(flow.nodes)) {
    const seen: string[] = [];
    let cur: string | undefined = startId;
    while (cur !== undefined && !seen.includes(cur)) {
      seen.push(cur);
      cur = nextOf(cur);
    }
    if (cur === startId && !seen.some((s) => reported.has(s))) {
      seen.forEach((s) => reported.add(s));
      loops.push([...seen, startId]);
    }
  }
  return loops;
}

function suggest(name: string, known: string[]): string {
  const close = known.find((k) => k !== name && (k.includes(name) || name.includes(k) || editDistance(k, name) <= 2));
  return close ? ` (did you mean "${close}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}
