/**
 * number and integer: integer -> number widens (compatible), number -> integer narrows; bounds
 * may loosen, not tighten. Unlike Karapace, which compares each keyword alone, the inclusive and
 * exclusive spellings of a bound are compared as one limit (`maximum: 10` reads what
 * `exclusiveMaximum: 10` wrote), draft-04's boolean `exclusiveMaximum` included; over integers
 * `exclusiveMaximum: 11` and `maximum: 10` are the same bound.
 */
import type { JsonObject } from '../schema-walk.js';
import { child, where, type Ctx } from './context.js';

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
  /** The keyword that set it, for the rule name and the path. */
  readonly keyword: string;
}

function boundOf(schema: JsonObject, side: 'upper' | 'lower', integers: boolean): Bound | undefined {
  const [inclusiveKey, exclusiveKey] = side === 'upper' ? ['maximum', 'exclusiveMaximum'] : ['minimum', 'exclusiveMinimum'];
  const found: Bound[] = [];
  const inclusive = schema[inclusiveKey];
  const exclusive = schema[exclusiveKey];
  if (typeof inclusive === 'number') {
    // draft-04: a boolean exclusiveMaximum makes maximum exclusive.
    found.push({ value: inclusive, exclusive: exclusive === true, keyword: exclusive === true ? exclusiveKey : inclusiveKey });
  }
  if (typeof exclusive === 'number') found.push({ value: exclusive, exclusive: true, keyword: exclusiveKey });
  const tighter = (a: Bound, b: Bound): Bound => {
    if (a.value !== b.value) return (side === 'upper' ? a.value < b.value : a.value > b.value) ? a : b;
    return a.exclusive ? a : b;
  };
  const bound = found.reduce<Bound | undefined>((best, b) => (best ? tighter(best, b) : b), undefined);
  if (!bound || !integers) return bound;
  // Over integers every bound is an inclusive integer one.
  const value = side === 'upper'
    ? (bound.exclusive ? Math.ceil(bound.value) - 1 : Math.floor(bound.value))
    : (bound.exclusive ? Math.floor(bound.value) + 1 : Math.ceil(bound.value));
  return { value, exclusive: false, keyword: bound.keyword };
}

const RULES = {
  upper: { maximum: ['MAXIMUM_ADDED', 'MAXIMUM_DECREASED'], exclusiveMaximum: ['EXCLUSIVE_MAXIMUM_ADDED', 'EXCLUSIVE_MAXIMUM_DECREASED'] },
  lower: { minimum: ['MINIMUM_ADDED', 'MINIMUM_INCREASED'], exclusiveMinimum: ['EXCLUSIVE_MINIMUM_ADDED', 'EXCLUSIVE_MINIMUM_INCREASED'] },
} as const;

export function checkNumbers(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string): void {
  const readerInteger = reader.type === 'integer';
  const writerInteger = writer.type === 'integer';
  if (readerInteger && !writerInteger) {
    ctx.report(child(path, 'type'), 'TYPE_NARROWED', `${where(path)} is an integer in the reader but a number in the writer, so fractional values the writer allowed fail`,
      `make ${where(path)} type "number" in the reader`);
  }
  for (const side of ['upper', 'lower'] as const) {
    const r = boundOf(reader, side, writerInteger);
    if (!r) continue;
    const w = boundOf(writer, side, writerInteger);
    const [added, tightened] = (RULES[side] as Record<string, readonly [string, string]>)[r.keyword]!;
    const at = child(path, r.keyword);
    const show = (b: Bound): string => `${b.exclusive ? 'exclusive' : 'inclusive'} ${side} bound ${b.value}`;
    if (!w) {
      ctx.report(at, added, `The reader adds ${r.keyword} ${r.value} to ${where(path)}; the writer had no ${side} bound`, `remove ${r.keyword} from ${where(path)}`);
    } else if (side === 'upper' ? r.value < w.value || (r.value === w.value && r.exclusive && !w.exclusive)
      : r.value > w.value || (r.value === w.value && r.exclusive && !w.exclusive)) {
      ctx.report(at, tightened, `${where(path)} has ${show(r)} in the reader but ${show(w)} in the writer, so values the writer allowed fail`,
        `loosen ${r.keyword} of ${where(path)} to at least the writer's bound (${w.value}) or remove it`);
    }
  }
  checkMultipleOf(ctx, reader, writer, path, writerInteger);
}

/** Every multiple of the writer's multipleOf must be one of the reader's. */
function checkMultipleOf(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string, writerInteger: boolean): void {
  const r = reader.multipleOf;
  const w = writer.multipleOf ?? (writerInteger ? 1 : undefined);
  if (typeof r !== 'number') return;
  const at = child(path, 'multipleOf');
  if (typeof w !== 'number') {
    ctx.report(at, 'MULTIPLE_OF_ADDED', `The reader adds multipleOf ${r} to ${where(path)}; the writer allowed any number`, `remove multipleOf from ${where(path)}`);
    return;
  }
  const ratio = w / r;
  if (Math.abs(ratio - Math.round(ratio)) < 1e-9 && Math.round(ratio) >= 1) return;
  const expanded = r > w;
  ctx.report(at, expanded ? 'MULTIPLE_OF_EXPANDED' : 'MULTIPLE_OF_CHANGED',
    `multipleOf of ${where(path)} is ${r} in the reader but ${w} in the writer, and not every multiple of ${w} is a multiple of ${r}`,
    `make the reader's multipleOf a divisor of ${w} (e.g. ${w}) or remove it`);
}
