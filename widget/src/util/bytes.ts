/** A file size for people, in the widget's language ("1.2 MB", "1,2 Mo"). */
export function formatBytes(bytes: number, lang: string): string {
  const [unit, value] =
    bytes >= 1e6
      ? (['megabyte', bytes / 1e6] as const)
      : bytes >= 1e3
        ? (['kilobyte', bytes / 1e3] as const)
        : (['byte', bytes] as const);
  return new Intl.NumberFormat(lang, { style: 'unit', unit, maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}
