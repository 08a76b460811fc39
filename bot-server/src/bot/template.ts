/**
 * Answer templates: "Thanks, {name}" or "{name|there}" (with a fallback when the value is unknown).
 * Substitution is plain string replacement from known values: nothing is evaluated, and inserted
 * values stay plain text (the widget renders text, never HTML).
 */
const VARIABLE = /\{([a-zA-Z][a-zA-Z0-9_]{0,31})(?:\|([^{}]{0,80}))?\}/g;

/** Names of the variables a template uses, in order of appearance. */
export function templateVariables(template: string): string[] {
  return Array.from(template.matchAll(VARIABLE), (m) => m[1] as string);
}

/** Substitutes variables; an unknown or empty value becomes its fallback, or an empty string. */
export function renderTemplate(template: string, vars: Readonly<Record<string, string | undefined>>): string {
  return template
    .replace(VARIABLE, (_all, name: string, fallback: string | undefined) => {
      const v = Object.hasOwn(vars, name) ? vars[name] : undefined;
      return v !== undefined && v !== '' ? v : (fallback ?? '');
    })
    .trim();
}
