/**
 * Kafka's command-line tables: each column left-aligned and padded to at least its minimum width
 * (Kafka's printf widths), widened to its longest value so the columns stay aligned; one space
 * between columns; the last column is not padded.
 */

/** `columns`: header and minimum width; returns the header line and one line per row, each ending in '\n'. */
export function formatTable(columns: readonly (readonly [string, number])[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map(([header, min], i) => Math.max(min, header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join(' ') + '\n';
  return line(columns.map(([h]) => h)) + rows.map(line).join('');
}
