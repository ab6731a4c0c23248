import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../runtime/api/data/big-decimal.js';
import { Date as DateType, Time, Timestamp } from '../../../runtime/api/data/logical-types.js';
import { parseLiteral } from '../../../runtime/transforms/values-literal.js';

const cases: Array<[string, string | null, string | undefined, unknown]> = [
  ['42', 'INT8', undefined, 42],
  ['-129', 'INT16', undefined, -129],
  ['70000', 'INT32', undefined, 70000],
  ['5000000000', 'INT64', undefined, 5000000000n],
  ['2.0', 'INT8', undefined, 2],
  ['1.5', 'FLOAT32', undefined, 1.5],
  ['1e300', 'FLOAT64', undefined, 1e300],
  ['TRUE', 'BOOLEAN', undefined, true],
  ['false', 'BOOLEAN', undefined, false],
  ['2024-01-31', 'INT32', DateType.LOGICAL_NAME, new Date(Date.UTC(2024, 0, 31))],
  ['13:45:00.000Z', 'INT32', Time.LOGICAL_NAME, new Date(Date.UTC(1970, 0, 1, 13, 45))],
  ['2024-01-31T13:45:00.000Z', 'INT64', Timestamp.LOGICAL_NAME, new Date(Date.UTC(2024, 0, 31, 13, 45))],
  ['hello world', 'STRING', undefined, 'hello world'],
  ['[1,2]', 'STRING', undefined, '[1,2]'],
  ['', 'STRING', undefined, ''],
  ['null', null, undefined, null],
];
for (const [text, type, name, value] of cases) {
  test(`literal ${JSON.stringify(text)} is ${type ?? 'null'}${name ? ` ${name}` : ''}`, () => {
    const sv = parseLiteral(text);
    assert.equal(sv.schema?.type ?? null, type);
    assert.equal(sv.schema?.name, name);
    assert.deepEqual(sv.value, value);
  });
}

test('an integer beyond INT64 is a Decimal', () => {
  const sv = parseLiteral('99999999999999999999');
  assert.equal(sv.schema!.name, 'org.apache.kafka.connect.data.Decimal');
  assert.ok((sv.value as BigDecimal).equals(BigDecimal.from('99999999999999999999')));
});
