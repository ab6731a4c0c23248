// Distributed mode, a worker dies: the worker running a file source is SIGKILLed (no final
// offset commit, no LeaveGroup). Within the session timeout the survivor runs its connector and
// task, resuming from the last committed source offset, and the sink file ends up with every
// line of the input (at least once: lines read again after the kill may appear twice, none is lost).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { childWorker, DISTRIBUTED, distributedBroker, type ChildWorker } from './distributed-helper.js';
import { api, eventually, tempDir, testWorker, type TestBroker } from './worker-helper.js';

const SETTINGS = { ...DISTRIBUTED, 'group.id': 'dist-failover' };

describe('a worker of the group is killed', () => {
  let b: TestBroker;
  let tmp: ReturnType<typeof tempDir>;
  let survivor: ConnectWorker;
  let child: ChildWorker | undefined;
  before(async () => {
    b = await distributedBroker();
    tmp = tempDir();
    survivor = await testWorker(b.bootstrap, SETTINGS);
  });
  after(async () => {
    child?.process.kill('SIGKILL');
    await survivor?.close();
    await b.close();
    tmp.cleanup();
  });

  test('its connector and task move to the survivor within the session timeout and no line is lost', async () => {
    const input = join(tmp.dir, 'in.txt');
    const output = join(tmp.dir, 'out.txt');
    writeFileSync(input, '');
    const sinkLines = (): string[] => (existsSync(output) ? readFileSync(output, 'utf8').split('\n').filter((l) => l !== '') : []);
    // The sink first, while the survivor is alone: it stays there (the assignment is sticky).
    assert.equal((await api(survivor.url, 'POST', '/connectors', {
      name: 'sink', config: { 'connector.class': 'FileStreamSink', file: output, topics: 'failover', 'value.converter': 'StringConverter' },
    })).status, 201);
    child = await childWorker(b.bootstrap, SETTINGS);
    // The source then goes to the worker below its share: the child.
    assert.equal((await api(child.url, 'POST', '/connectors', {
      name: 'source', config: { 'connector.class': 'FileStreamSource', file: input, topic: 'failover', 'value.converter': 'StringConverter' },
    })).status, 201);
    const where = await eventually(async () => {
      const s = await api(survivor.url, 'GET', '/connectors/source/status');
      return s.status === 200 && s.body.tasks.length === 1 && s.body.tasks[0].state === 'RUNNING' ? s.body : null;
    }, 20_000, 'the source running');
    assert.equal(where.tasks[0].worker_id, child.workerId, 'the source task runs on the child');
    assert.equal(where.connector.worker_id, child.workerId, 'the source connector runs on the child');

    let written = 0;
    const write = (n: number): void => {
      for (let i = 0; i < n; i++) appendFileSync(input, `line-${written++}\n`);
    };
    const writer = setInterval(() => write(5), 20);
    try {
      await eventually(() => sinkLines().length >= 100, 20_000, 'lines flowing through the child');
      child.process.kill('SIGKILL');
      const killed = Date.now();
      await eventually(async () => {
        const s = await api(survivor.url, 'GET', '/connectors/source/status');
        return s.body.tasks[0]?.worker_id === survivor.workerId && s.body.tasks[0].state === 'RUNNING' && s.body.connector.worker_id === survivor.workerId;
      }, 20_000, 'the source running on the survivor');
      const took = Date.now() - killed;
      assert.ok(took < 2000 + 3000, `the survivor took over after ${took} ms (session.timeout.ms 2000)`);
    } finally {
      clearInterval(writer);
    }
    write(10);
    const expected = Array.from({ length: written }, (_, i) => `line-${i}`);
    await eventually(() => {
      const got = new Set(sinkLines());
      return expected.every((l) => got.has(l));
    }, 20_000, `all ${written} lines in the sink file`);
    const lines = sinkLines();
    assert.ok(lines.length >= written);
    assert.deepEqual([...new Set(lines)].sort(), [...expected].sort());
  });
});
