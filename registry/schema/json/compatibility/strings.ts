/**
 * string: lengths may loosen, not tighten; a pattern may be dropped but not added or changed
 * (two regular expressions are not compared for inclusion, so any change counts). `format` is
 * not compared, as in Confluent and Karapace.
 */
import type { JsonObject } from '../schema-walk.js';
import { child, where, type Ctx } from './context.js';
import { checkLimits, STRING_LIMITS } from './limits.js';

export function checkStrings(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string): void {
  checkLimits(ctx, reader, writer, path, STRING_LIMITS);
  const r = reader.pattern;
  const w = writer.pattern;
  if (typeof r !== 'string' || r === w) return;
  const at = child(path, 'pattern');
  if (typeof w !== 'string') {
    ctx.report(at, 'PATTERN_ADDED', `The reader adds pattern ${JSON.stringify(r)} to ${where(path)}; the writer allowed any string`,
      `remove the pattern from ${where(path)}`);
  } else {
    ctx.report(at, 'PATTERN_CHANGED', `The pattern of ${where(path)} is ${JSON.stringify(r)} in the reader but ${JSON.stringify(w)} in the writer`,
      `keep the writer's pattern ${JSON.stringify(w)} or remove it`);
  }
}
