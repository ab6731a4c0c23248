import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Incompatibility } from '../../../../../registry/schema/provider.js';
import type { Ctx } from '../../../../../registry/schema/json/compatibility/context.js';
import { ARRAY_LIMITS, checkLimits, OBJECT_LIMITS, STRING_LIMITS } from '../../../../../registry/schema/json/compatibility/limits.js';

/** A Ctx that only records reports (limits never recurse). */
function recorder(): { ctx: Ctx; found: Incompatibility[] } {
  const found: Incompatibility[] = [];
  const ctx: Ctx = {
    compare: () => assert.fail('limits do not recurse'),
    trial: () => [],
    reversed: () => ctx,
    derefReader: (s) => s,
    derefWriter: (s) => s,
    report: (path, rule, message, fix) => found.push({ path, rule, message, fix }),
    reportAll: (list) => found.push(...list),
  };
  return { ctx, found };
}

test('limits: each family names its rules', () => {
  const table: [object, object, typeof STRING_LIMITS, string[]][] = [
    [{ maxLength: 1 }, {}, STRING_LIMITS, ['/maxLength MAX_LENGTH_ADDED']],
    [{ minLength: 2 }, { minLength: 1 }, STRING_LIMITS, ['/minLength MIN_LENGTH_INCREASED']],
    [{ maxItems: 1, minItems: 1 }, { maxItems: 2 }, ARRAY_LIMITS, ['/maxItems MAX_ITEMS_DECREASED', '/minItems MIN_ITEMS_ADDED']],
    [{ maxContains: 1 }, { maxContains: 2 }, ARRAY_LIMITS, ['/maxContains MAX_CONTAINS_DECREASED']],
    [{ maxProperties: 3 }, { maxProperties: 2 }, OBJECT_LIMITS, []],
    [{ minProperties: 0 }, {}, OBJECT_LIMITS, []],
    [{ minProperties: 2 }, {}, OBJECT_LIMITS, ['/minProperties MIN_PROPERTIES_ADDED']],
  ];
  for (const [reader, writer, limits, expected] of table) {
    const { ctx, found } = recorder();
    checkLimits(ctx, reader as Record<string, unknown>, writer as Record<string, unknown>, '/', limits);
    assert.deepEqual(found.map((f) => `${f.path} ${f.rule}`), expected, JSON.stringify([reader, writer]));
  }
});

test('limits: messages give both values and the fix the writer\'s value', () => {
  const { ctx, found } = recorder();
  checkLimits(ctx, { maxLength: 3 }, { maxLength: 8 }, '/properties/code', STRING_LIMITS);
  assert.match(found[0]?.message ?? '', /maxLength of property 'code' is 3 in the reader but 8 in the writer/);
  assert.match(found[0]?.fix ?? '', /to 8 or more/);
});
