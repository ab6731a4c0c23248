import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal, Decimal, Struct, Timestamp } from '../../../runtime/api/index.js';
import { EVENT_EPOCH, QUICKSTARTS } from '../../../connectors/datagen/quickstarts.js';
import { Generator } from '../../../connectors/datagen/generator.js';

const shape = (name: string): Array<[string, string]> =>
  QUICKSTARTS.get(name)!.fields.map(([f, s]) => [f, `${s.type}${s.name === undefined ? '' : `:${s.name.split('.').pop()}`}${s.optional ? '?' : ''}`]);

test('the quickstarts and their schemas', () => {
  assert.deepEqual([...QUICKSTARTS.keys()], ['users', 'pageviews', 'orders']);
  assert.deepEqual(shape('users'), [
    ['userid', 'STRING'], ['name', 'STRING'], ['email', 'STRING?'], ['gender', 'STRING'], ['regionid', 'STRING'], ['registertime', 'INT64:Timestamp'], ['verified', 'BOOLEAN'],
  ]);
  assert.deepEqual(shape('pageviews'), [['viewtime', 'INT64:Timestamp'], ['userid', 'STRING'], ['pageid', 'STRING'], ['referrer', 'STRING?'], ['duration_ms', 'INT32']]);
  assert.deepEqual(shape('orders'), [
    ['orderid', 'INT64'], ['ordertime', 'INT64:Timestamp'], ['customerid', 'STRING'], ['itemid', 'STRING'], ['orderunits', 'FLOAT64'],
    ['amount', 'BYTES:Decimal'], ['currency', 'STRING'], ['address', 'STRUCT:Address'],
  ]);
  const amount = QUICKSTARTS.get('orders')!.fields.find(([f]) => f === 'amount')![1];
  assert.equal(Decimal.scale(amount), 2);
  const ordertime = QUICKSTARTS.get('orders')!.fields.find(([f]) => f === 'ordertime')![1];
  assert.ok(ordertime.equals(Timestamp.SCHEMA));
});

test('generated values fit their schemas and look realistic', () => {
  for (const q of QUICKSTARTS.values()) {
    const g = new Generator(q, { seed: 1, keyField: q.keyField, recordBytes: 0 });
    assert.equal(g.valueSchema.name, q.schemaName);
    assert.equal(g.valueSchema.version, 1);
    for (let i = 0; i < 200; i++) {
      const { value } = g.generate(i);
      value.validate();
    }
  }
  const orders = new Generator(QUICKSTARTS.get('orders')!, { seed: 5, keyField: 'orderid', recordBytes: 0 });
  for (let i = 0; i < 50; i++) {
    const { key, value } = orders.generate(i);
    assert.equal(key, BigInt(i + 1), 'orderid is the record number + 1');
    const t = (value.get('ordertime') as Date).getTime();
    assert.ok(t >= EVENT_EPOCH + i * 1000 && t < EVENT_EPOCH + (i + 1) * 1000, 'event time advances a second per record');
    const amount = value.get('amount') as BigDecimal;
    assert.equal(amount.scale, 2);
    assert.ok(amount.compareTo(BigDecimal.from('1.00')) >= 0 && amount.compareTo(BigDecimal.from('999.99')) <= 0);
    assert.match((value.get('address') as Struct).getString('state')!, /^[A-Z]{2}$/);
  }
  const users = new Generator(QUICKSTARTS.get('users')!, { seed: 5, keyField: 'userid', recordBytes: 0 });
  const emails = Array.from({ length: 200 }, (_, i) => users.generate(i).value.get('email'));
  assert.ok(emails.some((e) => e === null) && emails.some((e) => typeof e === 'string' && /^[a-z]+\.[a-z]+\d+@example\.com$/.test(e)));
});
