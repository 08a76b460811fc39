/** Exhaustiveness guard for closed unions: adding a member breaks the build until every switch handles it. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
