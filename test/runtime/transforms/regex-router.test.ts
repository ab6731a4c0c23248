import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { T, assertConfigError, sink, source, transform } from './fixtures.js';

const cases: Array<[string, string, string, string]> = [
  ['(.*)-(\\d+)', '$1_v$2', 'orders-12', 'orders_v12'],
  ['orders-(?<region>.*)', 'region-${region}', 'orders-eu', 'region-eu'],
  ['db\\.public\\.(.*)', '$1', 'db.public.users', 'users'],
  ['(.*)', 'prefix.$1', 'x', 'prefix.x'],
  ['(.*)', '\\$dollar', 'x', '$dollar'],
  ['other-(.*)', '$1', 'orders-12', 'orders-12'],
];

for (const [regex, replacement, topic, expected] of cases) {
  test(`RegexRouter ${regex} / ${replacement}: ${topic} -> ${expected}`, () => {
    const rec = sink({ topic, keySchema: Schema.STRING_SCHEMA, key: 'k', value: 1 });
    const out = transform(`${T}RegexRouter`, { regex, replacement }).apply(rec)!;
    assert.equal(out.topic, expected);
    assert.deepEqual([out.key, out.value, out.kafkaPartition], ['k', 1, 3]);
    if (topic === expected) assert.equal(out, rec, 'unmatched records pass unchanged');
  });
}

test('RegexRouter works on source records and via its alias', () => {
  assert.equal(transform('RegexRouter', { regex: 'a', replacement: 'b' }).apply(source({ topic: 'a' }))!.topic, 'b');
});

test('RegexRouter config errors', () => {
  assertConfigError(`${T}RegexRouter`, { replacement: 'x' }, /Missing required configuration "regex"/, 'regex');
  assertConfigError(`${T}RegexRouter`, { regex: '(', replacement: 'x' }, /^Invalid value \( for configuration regex: Invalid regex: /, 'regex');
  assertConfigError(`${T}RegexRouter`, { regex: '(a)', replacement: '$2' }, /Invalid value \$2 for configuration replacement: No group 2/, 'replacement');
});
