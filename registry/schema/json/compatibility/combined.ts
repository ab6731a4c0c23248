/**
 * allOf / anyOf / oneOf (and type lists, which are anyOfs) and `not`.
 *
 * Both sides combined (Karapace's and Confluent's rule): the criterion may only change to anyOf
 * (or away from a one-branch list); an allOf reader may not gain branches, an anyOf/oneOf reader
 * may not lose any; then branches are paired one to one, each pair compatible, by maximum
 * matching (order does not matter): every reader branch for allOf, every writer branch otherwise.
 *
 * One side combined: a one-branch list is its branch. An anyOf/oneOf reader needs one branch that
 * reads the writer; an allOf reader needs all. Karapace calls the remaining writer cases type
 * changes; here, more precisely, an anyOf/oneOf writer needs every branch read by the reader, an
 * allOf writer one.
 */
import { isObject, type JsonObject } from '../schema-walk.js';
import { child, where, type Ctx } from './context.js';
import { branchesOf, describeKind, isCombined, kindOf, type Combinator } from './kinds.js';
import { maximumMatching } from './matching.js';

interface Side {
  readonly schema: JsonObject;
  readonly combinator: Combinator;
  readonly branches: unknown[];
}

function sideOf(schema: unknown): Side | undefined {
  const kind = kindOf(schema);
  if (!isCombined(kind) || !isObject(schema)) return undefined;
  return { schema, combinator: kind, branches: branchesOf(schema) };
}

/** Where a branch sits: a type list's branches are the schema itself, others are `/anyOf/i`. */
function branchPath(side: Side, path: string, index: number): string {
  return Array.isArray(side.schema.type) ? path : child(path, side.combinator, index);
}

function name(side: Side): string {
  return Array.isArray(side.schema.type) ? `type list ${JSON.stringify(side.schema.type)}` : side.combinator;
}

export function checkCombined(ctx: Ctx, reader: unknown, writer: unknown, path: string): void {
  const r = sideOf(reader);
  const w = sideOf(writer);
  if (r && (!w || (r.combinator !== w.combinator && r.combinator !== 'anyOf')) && r.branches.length === 1) {
    ctx.compare(r.branches[0], writer, branchPath(r, path, 0));
  } else if (w && (!r || (r.combinator !== w.combinator && r.combinator !== 'anyOf')) && w.branches.length === 1) {
    ctx.compare(reader, w.branches[0], path);
  } else if (r && w) {
    checkBothCombined(ctx, r, w, path);
  } else if (r) {
    checkCombinedReader(ctx, r, writer, path);
  } else if (w) {
    checkCombinedWriter(ctx, reader, w, path);
  }
}

function checkCombinedReader(ctx: Ctx, r: Side, writer: unknown, path: string): void {
  if (r.combinator === 'allOf') {
    r.branches.forEach((branch, i) => ctx.compare(branch, writer, branchPath(r, path, i)));
    return;
  }
  if (r.branches.some((branch, i) => ctx.trial(branch, writer, branchPath(r, path, i)).length === 0)) return;
  const writerKind = describeKind(writer, kindOf(writer));
  ctx.report(path, 'TYPE_CHANGED', `No branch of the reader's ${name(r)} at ${where(path)} reads the writer's ${writerKind}`,
    `add a branch to the reader's ${name(r)} that accepts the writer's ${writerKind}`);
}

function checkCombinedWriter(ctx: Ctx, reader: unknown, w: Side, path: string): void {
  if (w.combinator === 'allOf') {
    if (w.branches.some((branch) => ctx.trial(reader, branch, path).length === 0)) return;
    ctx.report(path, 'TYPE_CHANGED', `The reader's ${describeKind(reader, kindOf(reader))} at ${where(path)} reads none of the writer's allOf branches`,
      `make the reader accept one of the writer's allOf branches`);
    return;
  }
  // Every value the writer may produce matches some branch, so each branch must be readable.
  w.branches.forEach((branch) => ctx.compare(reader, branch, path));
}

function checkBothCombined(ctx: Ctx, r: Side, w: Side, path: string): void {
  if (r.combinator !== w.combinator && r.combinator !== 'anyOf') {
    ctx.report(path, 'COMBINED_TYPE_CHANGED', `${where(path)} is a ${name(r)} in the reader but a ${name(w)} in the writer`,
      `use ${w.combinator} (or anyOf) in the reader`);
    return;
  }
  const rn = r.branches.length;
  const wn = w.branches.length;
  if (r.combinator === 'allOf' && wn < rn) {
    ctx.report(path, 'PRODUCT_TYPE_EXTENDED', `The reader's allOf at ${where(path)} has ${rn} branches, the writer's ${wn}: data need not satisfy the added ones`,
      `remove the added allOf branches from the reader`);
    return;
  }
  if (r.combinator !== 'allOf' && wn > rn) {
    ctx.report(path, 'SUM_TYPE_NARROWED', `The reader's ${name(r)} at ${where(path)} has ${rn} branches, the writer's ${name(w)} ${wn}: some written values match no reader branch`,
      `keep all ${wn} of the writer's branches in the reader`);
    return;
  }
  const edges = r.branches.map((rb, i) => w.branches.flatMap((wb, j) => (ctx.trial(rb, wb, branchPath(r, path, i)).length === 0 ? [j] : [])));
  const matched = maximumMatching(rn, wn, edges);
  if (r.combinator === 'allOf') {
    const pairedReader = new Set(matched.values());
    const unpaired = r.branches.map((_, i) => i).filter((i) => !pairedReader.has(i));
    if (unpaired.length === 0) return;
    ctx.report(path, 'COMBINED_TYPE_SUBSCHEMAS_CHANGED', `The reader's allOf branches ${unpaired.join(', ')} at ${where(path)} each need a distinct compatible writer branch and have none`,
      `make those reader branches no stricter than the writer's branches`);
    return;
  }
  const unpaired = w.branches.map((_, j) => j).filter((j) => !matched.has(j));
  if (unpaired.length === 0) return;
  ctx.report(path, 'COMBINED_TYPE_SUBSCHEMAS_CHANGED', `The writer's ${name(w)} branches ${unpaired.join(', ')} at ${where(path)} are read by no distinct branch of the reader's ${name(r)}`,
    `give each of the writer's branches a compatible branch in the reader`);
}

/** not: the reader must exclude no more than the writer does (the inner schemas swap roles). */
export function checkNot(ctx: Ctx, reader: JsonObject, writer: JsonObject, path: string): void {
  const at = child(path, 'not');
  const found = ctx.reversed().trial(writer.not, reader.not, at);
  if (found.length === 0) return;
  ctx.report(at, 'NOT_TYPE_EXTENDED', `The reader's not at ${where(path)} excludes values the writer's not allowed: the writer's not schema does not cover the reader's`,
    `make the reader's not schema no wider than the writer's`);
}
