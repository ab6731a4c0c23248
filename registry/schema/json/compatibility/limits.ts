/**
 * Size limits (maxLength, minItems, maxProperties, ...): a reader may loosen a limit or drop it,
 * never add or tighten one, since values the writer allowed would then fail.
 */
import type { JsonObject } from '../schema-walk.js';
import { child, where, type Ctx } from './context.js';

export interface Limit {
  readonly keyword: string;
  /** 'max': the reader's value must be >= the writer's; 'min': <=. */
  readonly bound: 'max' | 'min';
  /** Rule when the reader has the limit and the writer does not. */
  readonly added: string;
  /** Rule when the reader's limit is tighter. */
  readonly tightened: string;
}

const limit = (keyword: string, bound: 'max' | 'min', added: string, tightened: string): Limit => ({ keyword, bound, added, tightened });

export const STRING_LIMITS = [
  limit('maxLength', 'max', 'MAX_LENGTH_ADDED', 'MAX_LENGTH_DECREASED'),
  limit('minLength', 'min', 'MIN_LENGTH_ADDED', 'MIN_LENGTH_INCREASED'),
];
export const ARRAY_LIMITS = [
  limit('maxItems', 'max', 'MAX_ITEMS_ADDED', 'MAX_ITEMS_DECREASED'),
  limit('minItems', 'min', 'MIN_ITEMS_ADDED', 'MIN_ITEMS_INCREASED'),
  limit('maxContains', 'max', 'MAX_CONTAINS_ADDED', 'MAX_CONTAINS_DECREASED'),
  limit('minContains', 'min', 'MIN_CONTAINS_ADDED', 'MIN_CONTAINS_INCREASED'),
];
export const OBJECT_LIMITS = [
  limit('maxProperties', 'max', 'MAX_PROPERTIES_ADDED', 'MAX_PROPERTIES_DECREASED'),
  limit('minProperties', 'min', 'MIN_PROPERTIES_ADDED', 'MIN_PROPERTIES_INCREASED'),
];

export function checkLimits(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string, limits: readonly Limit[]): void {
  for (const { keyword, bound, added, tightened } of limits) {
    const r = reader[keyword];
    const w = writer[keyword];
    if (typeof r !== 'number') continue;
    const at = child(path, keyword);
    if (typeof w !== 'number') {
      // A minimum of 0 (or a maxContains without contains) restricts nothing.
      if (bound === 'min' && r <= 0) continue;
      ctx.report(at, added, `The reader adds ${keyword} ${r} to ${where(path)}; the writer had no ${keyword}, so values beyond it may have been written`,
        `remove ${keyword} from ${where(path)}`);
    } else if (bound === 'max' ? r < w : r > w) {
      ctx.report(at, tightened, `${keyword} of ${where(path)} is ${r} in the reader but ${w} in the writer, so values the writer allowed fail`,
        `set ${keyword} of ${where(path)} to ${w} or ${bound === 'max' ? 'more' : 'less'}, or remove it`);
    }
  }
}
