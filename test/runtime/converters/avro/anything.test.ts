import { test } from 'node:test';
import assert from 'node:assert/strict';
import { valuesEqual } from '../../../../runtime/api/data/values.js';
import { DataException } from '../../../../runtime/api/errors.js';
import { ANYTHING_SCHEMA, ANYTHING_SCHEMA_TEXT, anythingFromConnect, anythingToConnect, isAnything } from '../../../../runtime/converters/avro/anything.js';
import { parseAvroSchema } from '../../../../runtime/converters/avro/avro-schema.js';
import { avscTypeOf } from '../../../../runtime/converters/avro/avsc-types.js';

test("the Anything schema is Confluent's: optional fields per kind, arrays of itself, maps as MapEntry arrays", () => {
  assert.equal(ANYTHING_SCHEMA_TEXT,
    '{"type":"record","name":"Anything","namespace":"io.confluent.connect.avro","fields":[' +
    '{"name":"boolean","type":["null","boolean"],"default":null},{"name":"bytes","type":["null","bytes"],"default":null},' +
    '{"name":"double","type":["null","double"],"default":null},{"name":"float","type":["null","float"],"default":null},' +
    '{"name":"int","type":["null","int"],"default":null},{"name":"long","type":["null","long"],"default":null},' +
    '{"name":"string","type":["null","string"],"default":null},' +
    '{"name":"array","type":["null",{"type":"array","items":"Anything"}],"default":null},' +
    '{"name":"map","type":["null",{"type":"array","items":{"type":"record","name":"MapEntry","fields":[{"name":"key","type":"Anything"},{"name":"value","type":"Anything"}]}}],"default":null}]}');
  assert.ok(isAnything(ANYTHING_SCHEMA));
  assert.ok(!isAnything(parseAvroSchema('{"type":"record","name":"Anything","fields":[]}')));
});

test('each kind of value sets one field and reads back', () => {
  const type = avscTypeOf(ANYTHING_SCHEMA);
  const values: unknown[] = [true, Buffer.from([1]), 1.5, 2 ** 40, 7, -(2n ** 63n), 'x', [1, 'a', null], new Map<unknown, unknown>([[1, 'one'], ['k', [true]]]), null];
  for (const v of values) {
    const record = anythingFromConnect(v);
    const back = anythingToConnect(type.fromBuffer(type.toBuffer(record)) as Record<string, unknown>);
    assert.ok(valuesEqual(back, v), String(v));
  }
  assert.deepEqual(anythingFromConnect(7), { int: { int: 7 } });
  assert.deepEqual(anythingFromConnect(2 ** 40), { double: { double: 2 ** 40 } });
  assert.equal(anythingToConnect({ float: { float: 0.5 } }), 0.5);
});

test('values without a schemaless form are refused', () => {
  assert.throws(() => anythingFromConnect([new Date(0)]), (e: unknown) => e instanceof DataException && /at "\[0\]": Date/.test(e.message));
});
