/**
 * Generated documentation for a ConfigDef: a Markdown table with Kafka's columns (Name,
 * Description, Type, Default, Valid Values, Importance), in Kafka's order: by group (ungrouped
 * first), order in group, required keys first, importance, then name. Internal keys are left out.
 */
import type { ConfigKey } from './config-def.js';
import { convertToString } from './types.js';

const IMPORTANCE_RANK = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;

export function toMarkdownTable(keys: readonly ConfigKey[]): string {
  const groups: string[] = [];
  for (const k of keys) if (k.group !== null && !groups.includes(k.group)) groups.push(k.group);
  const rank = (k: ConfigKey): number => (k.group === null ? -1 : groups.indexOf(k.group));
  const sorted = keys
    .filter((k) => !k.internal)
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.orderInGroup - b.orderInGroup ||
        Number(a.hasDefault) - Number(b.hasDefault) ||
        IMPORTANCE_RANK[a.importance] - IMPORTANCE_RANK[b.importance] ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  const rows = [
    '| Name | Description | Type | Default | Valid Values | Importance |',
    '|------|-------------|------|---------|--------------|------------|',
    ...sorted.map((k) =>
      `| ${[`\`${k.name}\``, k.documentation, k.type.toLowerCase(), defaultText(k), k.validator === undefined ? '' : String(k.validator), k.importance.toLowerCase()].map(cell).join(' | ')} |`,
    ),
  ];
  return `${rows.join('\n')}\n`;
}

/** The Default column as Kafka prints it, with a readable unit for `.ms` and `.bytes` keys. */
export function defaultText(k: ConfigKey): string {
  if (!k.hasDefault) return '';
  if (k.defaultValue === null) return 'null';
  const s = convertToString(k.defaultValue, k.type)!;
  if (s === '') return '""';
  if (typeof k.defaultValue === 'number' && Number.isSafeInteger(k.defaultValue)) {
    if (k.name.endsWith('.ms')) return s + niceTime(k.defaultValue);
    if (k.name.endsWith('.bytes')) return s + niceBytes(k.defaultValue);
  }
  return s;
}

function niceTime(ms: number): string {
  const steps: Array<[number, string]> = [
    [1000, 'second'],
    [60, 'minute'],
    [60, 'hour'],
    [24, 'day'],
  ];
  let v = ms;
  let unit: string | undefined;
  for (const [div, name] of steps) {
    if (v === 0 || v % div !== 0) break;
    v /= div;
    unit = name;
  }
  return unit === undefined ? '' : ` (${v} ${unit}${v === 1 ? '' : 's'})`;
}

function niceBytes(bytes: number): string {
  const units = ['kibibyte', 'mebibyte', 'gibibyte', 'tebibyte'];
  let v = bytes;
  let unit: string | undefined;
  for (const name of units) {
    if (v === 0 || v % 1024 !== 0) break;
    v /= 1024;
    unit = name;
  }
  return unit === undefined ? '' : ` (${v} ${unit}${v === 1 ? '' : 's'})`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
