/** Log fields that carry no personal data (error messages may quote text, so only a prefix is kept). */
export function errorName(err: unknown): string {
  return err instanceof Error
    ? `${err.name}: ${(err as NodeJS.ErrnoException).code ?? err.message.slice(0, 80)}`
    : 'unknown';
}
