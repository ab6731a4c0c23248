// Distributed mode, the whole group restarts: both workers stop and two new ones start on the
// same topics and group. Connectors come back in their last target state (RUNNING, PAUSED,
// STOPPED), spread over the new workers, and sources resume after their committed offsets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { DISTRIBUTED, distributedBroker } from './distributed-helper.js';
import { emitted } from './toy-connectors.js';
import { api, awaitState, eventually, readTopic, tempDir, testWorker, type TestBroker } from './worker-helper.js';

const SETTINGS = { ...DISTRIBUTED, 'group.id': 'dist-restart' };

async function group(bootstrap: string): Promise<[ConnectWorker, ConnectWorker]> {
  const a = await testWorker(bootstrap, SETTINGS);
  return [a, await testWorker(bootstrap, SETTINGS)];
}

describe('stopping and starting the whole group', () => {
  let b: TestBroker;
  let tmp: ReturnType<typeof tempDir>;
  before(async () => {
    b = await distributedBroker();
    tmp = tempDir();
  });
  after(async () => {
    await b.close();
    tmp.cleanup();
  });

  test('connectors come back in their target states and sources resume after their offsets', async () => {
    const input = join(tmp.dir, 'in.txt');
    writeFileSync(input, 'l1\nl2\n');
    let [w1, w2] = await group(b.bootstrap);
    try {
      const post = async (body: unknown): Promise<void> => {
        const r = await api(w2.url, 'POST', '/connectors', body);
        assert.equal(r.status, 201, JSON.stringify(r.body));
      };
      await post({ name: 'list', config: { 'connector.class': 'ListSource', topic: 'dr-list', values: 'a,b,c', 'value.converter': 'StringConverter' } });
      await post({ name: 'file', config: { 'connector.class': 'FileStreamSource', file: input, topic: 'dr-file', 'value.converter': 'StringConverter' } });
      await post({ name: 'paused', config: { 'connector.class': 'ListSource', topic: 'dr-paused', values: 'x' }, initial_state: 'PAUSED' });
      await post({ name: 'stopped', config: { 'connector.class': 'ListSource', topic: 'dr-stopped', values: 'y' } });
      await eventually(async () => (await readTopic(b.bootstrap, 'dr-list')).length === 3 && (await readTopic(b.bootstrap, 'dr-file')).length === 2, 20_000, 'records written');
      await awaitState(w1.url, 'stopped', 'RUNNING', 1, 20_000);
      assert.equal((await api(w1.url, 'PUT', '/connectors/stopped/stop')).status, 204);
      await awaitState(w2.url, 'stopped', 'STOPPED', 0, 20_000);
      await awaitState(w1.url, 'paused', 'PAUSED', 1, 20_000);
      const workers = new Set(['list', 'file', 'paused', 'stopped'].map((c) => [w1, w2].find((w) => w.herder.hasTasks(c))?.workerId).filter((x) => x !== undefined));
      assert.equal(workers.size, 2, 'the tasks ran on both workers');
    } finally {
      await Promise.all([w1.close(), w2.close()]);
    }
    assert.deepEqual(emitted.get('list'), ['a', 'b', 'c']);
    assert.deepEqual(emitted.get('stopped'), ['y']);
    appendFileSync(input, 'l3\n');

    [w1, w2] = await group(b.bootstrap);
    try {
      assert.deepEqual((await api(w1.url, 'GET', '/connectors')).body, ['file', 'list', 'paused', 'stopped']);
      for (const w of [w1, w2]) {
        await awaitState(w.url, 'list', 'RUNNING', 1, 20_000);
        await awaitState(w.url, 'file', 'RUNNING', 1, 20_000);
        await awaitState(w.url, 'paused', 'PAUSED', 1, 20_000);
        await awaitState(w.url, 'stopped', 'STOPPED', 0, 20_000);
      }
      assert.deepEqual((await api(w2.url, 'GET', '/connectors/list/offsets')).body, { offsets: [{ partition: { list: 'list' }, offset: { next: 3 } }] });
      await eventually(async () => (await readTopic(b.bootstrap, 'dr-file')).length === 3, 20_000, 'only the new line');
      assert.deepEqual((await readTopic(b.bootstrap, 'dr-file')).map((r) => r.value?.toString()), ['l1', 'l2', 'l3']);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(emitted.get('list'), ['a', 'b', 'c'], 'the list source did not start over');
      assert.equal((await readTopic(b.bootstrap, 'dr-list')).length, 3);
      assert.deepEqual(emitted.get('stopped'), ['y'], 'the stopped connector runs no task');
      assert.equal(emitted.get('paused'), undefined, 'the paused connector never ran');
      // Resuming the paused connector through either worker starts its task where it is.
      assert.equal((await api(w1.url, 'PUT', '/connectors/paused/resume')).status, 202);
      await awaitState(w2.url, 'paused', 'RUNNING', 1, 20_000);
      await eventually(async () => (await readTopic(b.bootstrap, 'dr-paused')).length === 1, 20_000, 'the resumed connector writes');
    } finally {
      await Promise.all([w1.close(), w2.close()]);
    }
  });
});
