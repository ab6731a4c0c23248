/**
 * array: lists (`items`: one schema) and tuples (`items: [..]` before 2020-12, `prefixItems`
 * from it; the rest governed by `additionalItems`, resp. `items`).
 *
 * A list and a tuple are a type change (Karapace). Tuples are compared position by position;
 * where one tuple is longer, its extra positions meet the other side's rest schema: a writer item
 * the reader's closed rest (`false`) rejects is ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL, a reader
 * item where the writer's rest is open is ITEM_ADDED_TO_OPEN_CONTENT_MODEL, and against a rest
 * schema the two must be compatible (..._NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL). A writer
 * whose rest is `false` writes nothing past its tuple, so the reader may add positions freely.
 */
import { isObject, type JsonObject } from '../schema-walk.js';
import { child, compareOptional, where, type Ctx } from './context.js';
import { ARRAY_LIMITS, checkLimits } from './limits.js';

interface Tuple {
  readonly keyword: 'prefixItems' | 'items';
  readonly items: unknown[];
  readonly restKeyword: string;
  readonly rest: unknown;
}

function tupleOf(schema: JsonObject): Tuple | undefined {
  if (Array.isArray(schema.prefixItems)) return { keyword: 'prefixItems', items: schema.prefixItems, restKeyword: 'items', rest: schema.items ?? schema.unevaluatedItems };
  if (Array.isArray(schema.items)) return { keyword: 'items', items: schema.items, restKeyword: 'additionalItems', rest: schema.additionalItems ?? schema.unevaluatedItems };
  return undefined;
}

export function checkArrays(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string): void {
  const r = tupleOf(reader);
  const w = tupleOf(writer);
  if (r && w) {
    checkTuples(ctx, r, w, path);
  } else if (r || w) {
    ctx.report(child(path, r?.keyword ?? 'items'), 'TYPE_CHANGED',
      `${where(path)} is ${r ? 'a tuple' : 'a list'} in the reader but ${w ? 'a tuple' : 'a list'} in the writer`,
      `keep ${where(path)} a ${w ? 'tuple (items as an array of schemas)' : 'list (items as one schema)'}`);
  } else {
    compareOptional(ctx, reader.items, writer.items, child(path, 'items'), 'SCHEMA_ADDED', 'items');
  }
  if (reader.contains !== undefined && writer.contains === undefined) {
    ctx.report(child(path, 'contains'), 'SCHEMA_ADDED', `The reader adds contains to ${where(path)}; the writer's arrays need not contain such an item`,
      `remove contains from ${where(path)}`);
  } else if (reader.contains !== undefined) {
    ctx.compare(reader.contains, writer.contains, child(path, 'contains'));
  }
  checkLimits(ctx, reader, writer, path, ARRAY_LIMITS);
  if (reader.uniqueItems === true && writer.uniqueItems !== true) {
    ctx.report(child(path, 'uniqueItems'), 'UNIQUE_ITEMS_ADDED', `The reader requires unique items in ${where(path)}; the writer allowed duplicates`,
      `remove uniqueItems from ${where(path)}`);
  }
}

function checkTuples(ctx: Ctx, r: Tuple, w: Tuple, path: string): void {
  const shared = Math.min(r.items.length, w.items.length);
  for (let i = 0; i < shared; i++) ctx.compare(r.items[i], w.items[i], child(path, r.keyword, i));
  const readerRest = ctx.derefReader(r.rest);
  const writerRest = ctx.derefWriter(w.rest);
  const readerRestAt = child(path, r.restKeyword);
  for (let i = shared; i < w.items.length; i++) {
    // The writer may write item i; the reader reads it with its rest schema.
    if (readerRest === undefined || readerRest === true) continue;
    if (readerRest === false) {
      if (ctx.derefWriter(w.items[i]) === false) continue;
      ctx.report(readerRestAt, 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL', `The writer's tuple at ${where(path)} has item ${i}, but the reader's tuple has ${r.items.length} items and allows no more`,
        `add item ${i} to the reader's tuple or allow additional items`);
      continue;
    }
    const found = ctx.trial(r.rest, w.items[i], readerRestAt);
    if (found.length === 0) continue;
    ctx.reportAll(found);
    ctx.report(readerRestAt, 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `The writer's item ${i} at ${where(path)} does not fit the reader's schema for additional items`,
      `add item ${i} to the reader's tuple, or widen its additional items schema`);
  }
  for (let i = shared; i < r.items.length; i++) {
    // The reader has a schema for item i; the writer wrote it under its rest schema.
    const at = child(path, r.keyword, i);
    if (writerRest === false) continue;
    if (writerRest === undefined || writerRest === true) {
      ctx.report(at, 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL', `The reader adds item ${i} to the tuple at ${where(path)}; the writer allowed any value there`,
        `remove item ${i} from the reader's tuple`);
      continue;
    }
    const found = ctx.trial(r.items[i], w.rest, at);
    if (found.length === 0) continue;
    ctx.reportAll(found);
    ctx.report(at, 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `The reader's item ${i} at ${where(path)} does not read what the writer's additional items schema allowed`,
      `make item ${i} accept what the writer's additional items schema allows`);
  }
  if (writerRest === false) return;
  if (readerRest === false) {
    ctx.report(readerRestAt, 'ADDITIONAL_ITEMS_REMOVED', `The reader's tuple at ${where(path)} allows no items past its ${r.items.length}; the writer allowed more`,
      `allow additional items in the reader's tuple`);
    return;
  }
  compareOptional(ctx, isObject(readerRest) || readerRest === undefined ? r.rest : undefined, w.rest, readerRestAt, 'ADDITIONAL_ITEMS_NARROWED', r.restKeyword);
}
