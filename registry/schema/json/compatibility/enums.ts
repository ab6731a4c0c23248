/**
 * enum and const: every value the writer allows must be one the reader allows. A `const` is an
 * enum of one value; changing a const is Confluent's ENUM_ARRAY_CHANGED, dropping enum values
 * ENUM_ARRAY_NARROWED.
 */
import { isObject } from '../schema-walk.js';
import { child, show, where, type Ctx } from './context.js';
import { allowedValues, sameJson } from './kinds.js';

/** Checks the reader's enum/const, if any, against the writer's values (if known). */
export function checkValues(ctx: Ctx, reader: unknown, writer: unknown, path: string): void {
  const readerValues = allowedValues(reader);
  if (!readerValues || !isObject(reader)) return;
  const keyword = 'const' in reader ? 'const' : 'enum';
  const at = child(path, keyword);
  const writerValues = allowedValues(writer);
  if (!writerValues) {
    ctx.report(at, 'ENUM_ARRAY_NARROWED', `The reader restricts ${where(path)} to ${keyword} ${show(reader[keyword])}; the writer allowed other values`,
      `remove the ${keyword} from ${where(path)}, or add it to the writer's schema first`);
    return;
  }
  const missing = writerValues.filter((w) => !readerValues.some((r) => sameJson(r, w)));
  if (missing.length === 0) return;
  const bothConst = keyword === 'const' && isObject(writer) && 'const' in writer;
  ctx.report(at, bothConst ? 'ENUM_ARRAY_CHANGED' : 'ENUM_ARRAY_NARROWED',
    `${where(path)} no longer allows ${missing.map(show).join(', ')}: the writer allows ${show(writerValues)}, the reader ${show(readerValues)}`,
    `add ${missing.map(show).join(', ')} to the reader's ${keyword === 'const' ? 'allowed values (use an enum)' : 'enum'} of ${where(path)}`);
}
