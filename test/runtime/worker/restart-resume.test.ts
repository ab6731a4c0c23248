// State that survives the worker: with the Kafka-backed stores (storage.mode=kafka), a new worker
// on the same cluster finds its connectors, their target states and the source offsets, and a
// source task resumes after the last committed offset instead of starting over. A sink's group
// offsets are committed on stop, so the next worker does not see the records again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collected, emitted } from './toy-connectors.js';
import { api, awaitState, eventually, readTopic, tempDir, testBroker, testWorker, type TestBroker } from './worker-helper.js';

const KAFKA = { 'storage.mode': 'kafka', 'group.id': 'resume-cluster', 'offset.flush.interval.ms': '60000' };

describe('restarting the worker (Kafka stores)', () => {
  let b: TestBroker;
  let tmp: ReturnType<typeof tempDir>;
  before(async () => {
    b = await testBroker();
    tmp = tempDir();
  });
  after(async () => {
    await b.close();
    tmp.cleanup();
  });

  test('connectors, target states and source offsets come back; the source resumes where it stopped', async () => {
    const input = join(tmp.dir, 'in.txt');
    writeFileSync(input, 'l1\nl2\n');
    const w1 = await testWorker(b.bootstrap, KAFKA);
    try {
      assert.equal((await api(w1.url, 'POST', '/connectors', { name: 'list', config: { 'connector.class': 'ListSource', topic: 'resume-list', values: 'a,b,c', 'value.converter': 'StringConverter' } })).status, 201);
      assert.equal((await api(w1.url, 'POST', '/connectors', { name: 'file', config: { 'connector.class': 'FileStreamSource', file: input, topic: 'resume-file', 'value.converter': 'StringConverter' } })).status, 201);
      assert.equal((await api(w1.url, 'POST', '/connectors', { name: 'sink', config: { 'connector.class': 'CollectSink', topics: 'resume-list', 'value.converter': 'StringConverter' } })).status, 201);
      assert.equal((await api(w1.url, 'POST', '/connectors', { name: 'paused', config: { 'connector.class': 'ListSource', topic: 'resume-p', values: 'x' }, initial_state: 'PAUSED' })).status, 201);
      await eventually(async () => (await readTopic(b.bootstrap, 'resume-list')).length === 3 && (await readTopic(b.bootstrap, 'resume-file')).length === 2, 15_000, 'records written');
      await eventually(() => collected.get('sink')?.length === 3, 15_000, 'sink got 3');
    } finally {
      // offset.flush.interval.ms is a minute: the offsets are committed by the final flush at stop.
      await w1.close();
    }
    assert.deepEqual(emitted.get('list'), ['a', 'b', 'c']);
    appendFileSync(input, 'l3\n');

    const w2 = await testWorker(b.bootstrap, KAFKA);
    try {
      assert.deepEqual((await api(w2.url, 'GET', '/connectors')).body, ['file', 'list', 'paused', 'sink']);
      await awaitState(w2.url, 'paused', 'PAUSED', 1);
      await awaitState(w2.url, 'list', 'RUNNING', 1);
      assert.deepEqual((await api(w2.url, 'GET', '/connectors/list/offsets')).body, { offsets: [{ partition: { list: 'list' }, offset: { next: 3 } }] });
      await eventually(async () => (await readTopic(b.bootstrap, 'resume-file')).length === 3, 15_000, 'only the new line');
      assert.deepEqual((await readTopic(b.bootstrap, 'resume-file')).map((r) => r.value?.toString()), ['l1', 'l2', 'l3']);
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(emitted.get('list'), ['a', 'b', 'c'], 'the list source did not start over');
      assert.equal((await readTopic(b.bootstrap, 'resume-list')).length, 3);
      assert.equal(collected.get('sink')?.length, 3, 'the sink did not get the records again');
      const patched = await api(w2.url, 'PATCH', '/connectors/list/config', { values: 'a,b,c,d' });
      assert.equal(patched.status, 200);
      await eventually(() => emitted.get('list')?.length === 4, 15_000, 'only d');
      assert.deepEqual(emitted.get('list'), ['a', 'b', 'c', 'd']);
      await eventually(() => collected.get('sink')?.length === 4, 15_000, 'the sink gets d');
    } finally {
      await w2.close();
    }
  });
});
