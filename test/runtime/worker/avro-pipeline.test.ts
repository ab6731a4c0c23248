// Datagen (orders: Decimal, Timestamp, a nested struct) -> Kafka -> FileStreamSink through the
// AvroConverter and a schema registry, with transform chains on both sides, against an in-process
// broker, registry and worker. The output is checked record by record against what the generator
// makes for the same seed; the topic's bytes are read back with a separate AvroConverter; the
// subjects and the registered schema are checked over the registry's REST API; and the subject's
// compatibility level decides which connector reconfigurations may change the schema.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, QUICKSTARTS } from '../../../connectors/datagen/index.js';
import { Headers, Struct, valuesEqual } from '../../../runtime/api/index.js';
import { AvroConverter } from '../../../runtime/converters/index.js';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import type { Registry } from '../../../registry/server.js';
import { api as registryApi, startRegistry, type Api } from '../../helpers/registry.js';
import { api, awaitState, eventually, readTopic, tempDir, testBroker, testWorker, type TestBroker } from './worker-helper.js';

const TOPIC = 'avro-orders';
const SEED = 20240101;
/** Records of the first configuration, and the total after the compatible change. */
const FIRST = 120;
const SECOND = 160;
const AVRO = 'io.confluent.connect.avro.AvroConverter';

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);

describe('Datagen -> Avro (schema registry) -> FileStreamSink, with transforms', () => {
  let b: TestBroker;
  let registry: Registry;
  let reg: Api;
  let w: ConnectWorker;
  let tmp: ReturnType<typeof tempDir>;
  let output: string;
  let sourceConfig: Record<string, string>;
  const generator = new Generator(QUICKSTARTS.get('orders')!, { seed: SEED, keyField: null, recordBytes: 0 });

  before(async () => {
    b = await testBroker();
    registry = await startRegistry(b.bootstrap);
    reg = registryApi(registry.url);
    w = await testWorker(b.bootstrap);
    tmp = tempDir();
    output = join(tmp.dir, 'orders.txt');
    const avro = (role: 'key' | 'value'): Record<string, string> => ({ [`${role}.converter`]: AVRO, [`${role}.converter.schema.registry.url`]: registry.url });
    sourceConfig = {
      'connector.class': 'Datagen', 'kafka.topic': TOPIC, quickstart: 'orders', 'random.seed': String(SEED), iterations: String(FIRST),
      'max.interval': '0', 'batch.size': '25', 'tasks.max': '2', 'schema.keyfield': '', ...avro('key'), ...avro('value'),
      // origin: a static field; tokey + orderid: the key becomes the orderid (INT64) alone.
      transforms: 'origin,tokey,orderid',
      'transforms.origin.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.origin.static.field': 'origin', 'transforms.origin.static.value': 'datagen',
      'transforms.tokey.type': 'org.apache.kafka.connect.transforms.ValueToKey', 'transforms.tokey.fields': 'orderid,customerid',
      'transforms.orderid.type': 'org.apache.kafka.connect.transforms.ExtractField$Key', 'transforms.orderid.field': 'orderid',
    };
    await w.clients.ensureTopic(TOPIC, 2, 1);
    // The registry's default is BACKWARD too; set it on the subject to show where it comes from.
    assert.equal((await reg.put(`/config/${TOPIC}-value`, { compatibility: 'BACKWARD' })).status, 200);
  });
  after(async () => {
    await w?.close();
    await registry?.close();
    await b?.close();
    tmp?.cleanup();
  });

  /** The line FileStreamSink writes for record `index`: the generated Struct, plus the fields the transforms add. */
  const expectedLine = (index: number, extra: string): string => generator.generate(index).value.toString().replace(/\}$/, `${extra}}`);

  test('every generated record arrives, in Avro, with the transforms applied on both sides', async () => {
    const created = await api(w.url, 'POST', '/connectors', { name: 'orders-src', config: sourceConfig });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const sink = await api(w.url, 'POST', '/connectors', {
      name: 'orders-sink',
      config: {
        'connector.class': 'FileStreamSink', file: output, topics: TOPIC,
        'key.converter': AVRO, 'key.converter.schema.registry.url': registry.url,
        'value.converter': AVRO, 'value.converter.schema.registry.url': registry.url,
        transforms: 'rename', 'transforms.rename.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value', 'transforms.rename.renames': 'origin:source',
      },
    });
    assert.equal(sink.status, 201, JSON.stringify(sink.body));
    await awaitState(w.url, 'orders-sink', 'RUNNING', 1);
    await eventually(() => lines(output).length >= FIRST, 15_000, `${FIRST} lines in the sink's file`);

    // The file: one line per generated record (two source tasks and two partitions interleave them).
    const expected = Array.from({ length: FIRST }, (_, i) => expectedLine(i, ',source=datagen'));
    assert.deepEqual([...lines(output)].sort(), [...expected].sort());

    // The topic: Confluent wire format, read back with a converter of our own; key = orderid.
    const records = await readTopic(b.bootstrap, TOPIC);
    assert.equal(records.length, FIRST);
    const reader = new AvroConverter();
    reader.configure({ 'schema.registry.url': registry.url }, false);
    const keyReader = new AvroConverter();
    keyReader.configure({ 'schema.registry.url': registry.url }, true);
    const seen = new Set<bigint>();
    for (const r of records) {
      assert.equal(r.value![0], 0, 'magic byte');
      const key = await keyReader.toConnectData(TOPIC, new Headers(), r.key!);
      assert.equal(key.schema?.type, 'INT64');
      const orderid = key.value as bigint;
      const index = Number(orderid) - 1;
      assert.ok(index >= 0 && index < FIRST && !seen.has(orderid), `orderid ${orderid}`);
      seen.add(orderid);
      const { schema, value } = await reader.toConnectData(TOPIC, new Headers(), r.value!);
      assert.equal(schema?.name, 'io.tributary.connect.datagen.Order');
      const got = value as Struct;
      const want = generator.generate(index).value;
      for (const f of want.schema.fields) assert.ok(valuesEqual(got.get(f.name), want.get(f)), `record ${index} field ${f.name}: ${String(got.get(f.name))} vs ${String(want.get(f))}`);
      assert.equal(got.get('origin'), 'datagen');
      assert.deepEqual(got.schema.fields.map((f) => f.name), [...want.schema.fields.map((f) => f.name), 'origin']);
    }

    // The registry: both subjects, one version each, and the Avro mapping of the logical types.
    const subjects = (await reg.get('/subjects')).body as string[];
    assert.ok(subjects.includes(`${TOPIC}-value`) && subjects.includes(`${TOPIC}-key`), JSON.stringify(subjects));
    assert.deepEqual((await reg.get(`/subjects/${TOPIC}-value/versions`)).body, [1]);
    assert.equal(JSON.parse((await reg.get(`/subjects/${TOPIC}-key/versions/latest`)).body.schema), 'long');
    const latest = await reg.get(`/subjects/${TOPIC}-value/versions/latest`);
    const avroSchema = JSON.parse(latest.body.schema) as { name: string; namespace?: string; fields: { name: string; type: any; default?: unknown }[] };
    const field = (n: string): any => avroSchema.fields.find((f) => f.name === n)?.type;
    assert.equal(`${avroSchema.namespace ?? ''}.${avroSchema.name}`.replace(/^\./, ''), 'io.tributary.connect.datagen.Order');
    assert.deepEqual({ type: field('amount').type, logicalType: field('amount').logicalType, scale: field('amount').scale }, { type: 'bytes', logicalType: 'decimal', scale: 2 });
    assert.deepEqual({ type: field('ordertime').type, logicalType: field('ordertime').logicalType }, { type: 'long', logicalType: 'timestamp-millis' });
    assert.equal(field('address').type, 'record');
    assert.deepEqual(field('address').fields.map((f: { name: string }) => f.name), ['city', 'state', 'zipcode']);
    assert.deepEqual(field('origin'), ['null', 'string']);
  });

  test('a compatible schema change registers a new version; an incompatible one is refused and fails the task', async () => {
    // Compatible (BACKWARD): one more optional field, whose default is null.
    const compatible = {
      ...sourceConfig, iterations: String(SECOND), transforms: 'origin,tokey,orderid,batch',
      'transforms.batch.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.batch.static.field': 'batch', 'transforms.batch.static.value': 'second',
    };
    assert.equal((await api(w.url, 'PUT', '/connectors/orders-src/config', compatible)).status, 200);
    await eventually(() => lines(output).length >= SECOND, 15_000, `${SECOND} lines in the sink's file`);
    // The source resumed after its committed offsets: no record twice, the new ones with the new field.
    const expected = [
      ...Array.from({ length: FIRST }, (_, i) => expectedLine(i, ',source=datagen')),
      ...Array.from({ length: SECOND - FIRST }, (_, i) => expectedLine(FIRST + i, ',source=datagen,batch=second')),
    ];
    assert.deepEqual([...lines(output)].sort(), [...expected].sort());
    assert.deepEqual((await reg.get(`/subjects/${TOPIC}-value/versions`)).body, [1, 2]);

    // Incompatible (BACKWARD): orderunits changes from double to string.
    const incompatible = { ...compatible, iterations: String(SECOND + 40), transforms: `${compatible.transforms},cast`, 'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value', 'transforms.cast.spec': 'orderunits:string' };
    assert.equal((await api(w.url, 'PUT', '/connectors/orders-src/config', incompatible)).status, 200);
    const status = await eventually(async () => {
      const s = await api(w.url, 'GET', '/connectors/orders-src/status');
      return s.body.tasks.length === 2 && s.body.tasks.every((t: { state: string }) => t.state === 'FAILED') ? s.body : null;
    }, 15_000, 'both source tasks FAILED');
    for (const t of status.tasks as { trace: string }[]) {
      assert.match(t.trace, /stage VALUE_CONVERTER, class io\.confluent\.connect\.avro\.AvroConverter/);
      // The registry's own answer reaches the task's status: 409, the level and the field.
      assert.match(t.trace, /error 409 .*incompatible with subject "avro-orders-value" under compatibility BACKWARD.*orderunits/);
    }
    assert.equal(status.connector.state, 'RUNNING');
    assert.deepEqual((await reg.get(`/subjects/${TOPIC}-value/versions`)).body, [1, 2]);
    // The same change asked of the registry directly: refused for the same reason.
    const v2 = (await reg.get(`/subjects/${TOPIC}-value/versions/2`)).body.schema as string;
    const changed = v2.replace('"orderunits","type":"double"', '"orderunits","type":"string"');
    assert.notEqual(changed, v2);
    const check = await reg.post(`/compatibility/subjects/${TOPIC}-value/versions/latest`, { schema: changed });
    assert.equal(check.body.is_compatible, false, JSON.stringify(check.body));
    // Nothing was written with the refused schema.
    assert.equal((await readTopic(b.bootstrap, TOPIC)).length, SECOND);
    assert.equal(lines(output).length, SECOND);
  });
});
