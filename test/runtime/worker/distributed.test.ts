// Distributed mode: two workers with the same group.id and storage topics share connectors and
// tasks (runtime/worker/group-membership.ts). A connector created on one worker has its tasks
// spread over both, every worker answers the status with both worker ids, writes reaching the
// follower are forwarded to the leader, and restarts reach the worker that runs the task.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { DISTRIBUTED, distributedBroker } from './distributed-helper.js';
import { api, eventually, tempDir, testWorker, type TestBroker } from './worker-helper.js';

/** Both workers' ids when the connector and all `tasks` tasks are RUNNING, else null. */
async function running(base: string, name: string, tasks: number): Promise<any> {
  const s = await api(base, 'GET', `/connectors/${name}/status`);
  if (s.status !== 200 || s.body.connector.state !== 'RUNNING' || s.body.tasks.length !== tasks) return null;
  return s.body.tasks.every((t: { state: string }) => t.state === 'RUNNING') ? s.body : null;
}

describe('two workers in one group', () => {
  let b: TestBroker;
  let tmp: ReturnType<typeof tempDir>;
  let a: ConnectWorker;
  let c: ConnectWorker;
  before(async () => {
    b = await distributedBroker();
    tmp = tempDir();
    const settings = { ...DISTRIBUTED, 'group.id': 'dist-1' };
    a = await testWorker(b.bootstrap, settings);
    c = await testWorker(b.bootstrap, settings);
  });
  after(async () => {
    await Promise.allSettled([a?.close(), c?.close()]);
    await b.close();
    tmp.cleanup();
  });

  test('a connector created on one worker runs its tasks on both; either worker answers', async () => {
    const out = join(tmp.dir, 'out.txt');
    const created = await api(c.url, 'POST', '/connectors', {
      name: 'sink', config: { 'connector.class': 'FileStreamSink', file: out, topics: 'dist-in', 'tasks.max': '2', 'value.converter': 'StringConverter' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const ids = new Set([a.workerId, c.workerId]);
    for (const w of [a, c]) {
      const s = await eventually(async () => {
        const st = await running(w.url, 'sink', 2);
        return st !== null && new Set(st.tasks.map((t: { worker_id: string }) => t.worker_id)).size === 2 ? st : null;
      }, 20_000, `tasks spread over both workers (asked ${w.workerId})`);
      assert.deepEqual(new Set(s.tasks.map((t: { worker_id: string }) => t.worker_id)), ids);
      assert.ok(ids.has(s.connector.worker_id));
    }
    assert.deepEqual((await api(a.url, 'GET', '/connectors')).body, ['sink']);
    assert.equal(a.herder.runningTasks(), 1);
    assert.equal(c.herder.runningTasks(), 1);

    // A source feeding it, created through the other worker; every line reaches the file.
    const input = join(tmp.dir, 'in.txt');
    writeFileSync(input, 'one\ntwo\nthree\n');
    const src = await api(a.url, 'POST', '/connectors', {
      name: 'source', config: { 'connector.class': 'FileStreamSource', file: input, topic: 'dist-in', 'value.converter': 'StringConverter' },
    });
    assert.equal(src.status, 201, JSON.stringify(src.body));
    await eventually(() => existsSync(out) && readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').length === 3, 20_000, 'the three lines in the sink file');

    // Writes on either worker (the follower forwards to the leader); pause/resume reach both workers' tasks.
    for (const w of [a, c]) {
      assert.equal((await api(w.url, 'PUT', '/connectors/sink/pause')).status, 202);
      await eventually(async () => {
        const s = await api(w.url, 'GET', '/connectors/sink/status');
        return s.body.tasks.every((t: { state: string }) => t.state === 'PAUSED') ? s : null;
      }, 10_000, 'tasks paused');
      assert.equal((await api(w.url, 'PUT', '/connectors/sink/resume')).status, 202);
      await eventually(() => running(w.url, 'sink', 2), 10_000, 'tasks running again');
    }

    // A task restart asked of the worker that does not run it reaches the one that does.
    const status = await running(a.url, 'sink', 2);
    const remote = status.tasks.find((t: { worker_id: string }) => t.worker_id !== a.workerId);
    const owner = remote.worker_id === c.workerId ? c : a;
    const startedBefore = owner.herder.taskStartedAt({ connector: 'sink', task: remote.id });
    assert.ok(startedBefore !== undefined);
    assert.equal((await api(a.url, 'POST', `/connectors/sink/tasks/${remote.id}/restart`)).status, 204);
    await eventually(() => (owner.herder.taskStartedAt({ connector: 'sink', task: remote.id }) ?? 0) > startedBefore!, 10_000, 'the task restarted on its worker');

    assert.equal((await api(c.url, 'DELETE', '/connectors/source')).status, 204);
    await eventually(async () => JSON.stringify((await api(a.url, 'GET', '/connectors')).body) === '["sink"]', 10_000, 'source deleted everywhere');
  });
});
