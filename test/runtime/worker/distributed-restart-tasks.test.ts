// Distributed mode, POST /connectors/{c}/restart?includeTasks=true[&onlyFailed=true] on a
// connector whose two tasks run on different workers: whichever worker is asked answers 202 with
// what it restarts as RESTARTING (on the workers running it), and exactly that is restarted, each
// instance on its own worker: every task with includeTasks alone, only the FAILED one with
// onlyFailed. The connector below counts its starts per task, and fails a task on demand.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfigDef,
  ConnectException,
  SourceConnector,
  SourceTask,
  connectorPlugin,
  type ConnectorProps,
  type SourceRecord,
} from '../../../runtime/api/index.js';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { DISTRIBUTED, distributedBroker } from './distributed-helper.js';
import { allPlugins, api, eventually, testWorker, type TestBroker } from './worker-helper.js';

/** start() calls of the connector, and of each task by task number (both workers run in this process). */
let connectorStarts = 0;
const taskStarts = new Map<number, number>();
/** Task numbers whose poll() throws (so that their task is FAILED). */
const failing = new Set<number>();

class SplitTask extends SourceTask {
  #task = -1;
  #stopped = false;
  version(): string {
    return '1.0';
  }
  start(props: ConnectorProps): void {
    this.#task = Number(props['task.number']);
    taskStarts.set(this.#task, (taskStarts.get(this.#task) ?? 0) + 1);
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (failing.has(this.#task)) throw new ConnectException(`SplitTask ${this.#task} was told to fail`);
    for (let i = 0; i < 5 && !this.#stopped; i++) await new Promise((r) => setTimeout(r, 20));
    return null;
  }
  stop(): void {
    this.#stopped = true;
  }
}

class SplitConnector extends SourceConnector {
  #props: ConnectorProps = {};
  version(): string {
    return '1.0';
  }
  start(props: ConnectorProps): void {
    connectorStarts += 1;
    this.#props = props;
  }
  taskClass() {
    return SplitTask;
  }
  taskConfigs(max: number): ConnectorProps[] {
    return Array.from({ length: max }, (_, i) => ({ ...this.#props, 'task.number': String(i) }));
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef();
  }
}

// This file runs in its own process: the workers below are the only ones to see the plugin.
allPlugins.push(connectorPlugin({ className: 'test.SplitConnector', type: 'source', connector: SplitConnector }));

const SETTINGS = { ...DISTRIBUTED, 'group.id': 'dist-restart-tasks' };
const WAIT = 30_000;

interface Status {
  connector: { state: string; worker_id: string };
  tasks: Array<{ id: number; state: string; worker_id: string; trace?: string }>;
}

describe('restarting a connector and its tasks spread over two workers', () => {
  let b: TestBroker;
  let w1: ConnectWorker;
  let w2: ConnectWorker;
  /** The status once it is `want` (every instance's state, connector first), as `w` answers it. */
  const settled = (w: ConnectWorker, want: string[], what: string): Promise<Status> => eventually(async () => {
    const s = await api<Status>(w.url, 'GET', '/connectors/split/status');
    const states = s.status === 200 ? [s.body.connector.state, ...s.body.tasks.map((t) => t.state)] : [];
    return JSON.stringify(states) === JSON.stringify(want) ? s.body : null;
  }, WAIT, `${what} (asked ${w.workerId})`);
  /** The worker that runs `workerId`'s work. */
  const worker = (workerId: string): ConnectWorker => (workerId === w1.workerId ? w1 : w2);

  before(async () => {
    b = await distributedBroker();
    w1 = await testWorker(b.bootstrap, SETTINGS);
    w2 = await testWorker(b.bootstrap, SETTINGS);
  });
  after(async () => {
    await Promise.allSettled([w1?.close(), w2?.close()]);
    await b?.close();
  });

  let placed: Status;
  test('the connector\'s two tasks run on different workers', async () => {
    const created = await api(w1.url, 'POST', '/connectors', { name: 'split', config: { 'connector.class': 'SplitConnector', 'tasks.max': '2' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    for (const w of [w1, w2]) {
      placed = await eventually(async () => {
        const s = await settled(w, ['RUNNING', 'RUNNING', 'RUNNING'], 'all running');
        return new Set(s.tasks.map((t) => t.worker_id)).size === 2 ? s : null;
      }, WAIT, 'the tasks on both workers');
    }
    assert.deepEqual(new Set(placed.tasks.map((t) => t.worker_id)), new Set([w1.workerId, w2.workerId]));
    for (const t of placed.tasks) assert.ok(worker(t.worker_id).herder.taskStartedAt({ connector: 'split', task: t.id }) !== undefined, `task ${t.id} runs on ${t.worker_id}`);
    assert.deepEqual([...taskStarts.keys()].sort(), [0, 1]);
  });

  test('includeTasks=true, asked of either worker, restarts the connector and both tasks, each on its worker', async () => {
    for (const asked of [w1, w2]) {
      const before = { connector: connectorStarts, tasks: [taskStarts.get(0)!, taskStarts.get(1)!] };
      const r = await api<Status>(asked.url, 'POST', '/connectors/split/restart?includeTasks=true');
      assert.equal(r.status, 202, JSON.stringify(r.body));
      assert.deepEqual(r.body.connector, { state: 'RESTARTING', worker_id: placed.connector.worker_id });
      assert.deepEqual(r.body.tasks, placed.tasks.map((t) => ({ id: t.id, state: 'RESTARTING', worker_id: t.worker_id })));

      await eventually(() => connectorStarts > before.connector && [0, 1].every((i) => taskStarts.get(i)! > before.tasks[i]!), WAIT, `every instance started again (asked ${asked.workerId})`);
      for (const w of [w1, w2]) {
        const s = await settled(w, ['RUNNING', 'RUNNING', 'RUNNING'], 'all running again');
        assert.deepEqual(s.tasks.map((t) => t.worker_id), placed.tasks.map((t) => t.worker_id), 'each task still runs on its worker');
        assert.equal(s.connector.worker_id, placed.connector.worker_id);
      }
      assert.deepEqual([connectorStarts, ...[0, 1].map((i) => taskStarts.get(i))], [before.connector + 1, before.tasks[0]! + 1, before.tasks[1]! + 1], 'each instance started exactly once more');
    }
  });

  test('onlyFailed=true restarts only the FAILED task, whichever worker is asked', async () => {
    // The task on w2 fails: asked of w1, the restart is another worker's; asked of w2, its own.
    const failed = placed.tasks.find((t) => t.worker_id === w2.workerId)!.id;
    const healthy = 1 - failed;
    for (const asked of [w1, w2]) {
      failing.add(failed);
      const failedStatus = await settled(asked, ['RUNNING', ...[0, 1].map((i) => (i === failed ? 'FAILED' : 'RUNNING'))], `task ${failed} failed`);
      assert.match(failedStatus.tasks[failed]!.trace ?? '', /SplitTask \d was told to fail/);
      failing.delete(failed);
      const before = { connector: connectorStarts, tasks: [taskStarts.get(0)!, taskStarts.get(1)!] };
      const startedAt = worker(placed.tasks[healthy]!.worker_id).herder.taskStartedAt({ connector: 'split', task: healthy });

      const r = await api<Status>(asked.url, 'POST', '/connectors/split/restart?includeTasks=true&onlyFailed=true');
      assert.equal(r.status, 202, JSON.stringify(r.body));
      assert.deepEqual(r.body.connector, { state: 'RUNNING', worker_id: placed.connector.worker_id });
      assert.deepEqual(r.body.tasks[healthy], { id: healthy, state: 'RUNNING', worker_id: placed.tasks[healthy]!.worker_id });
      const { trace, ...restarting } = r.body.tasks[failed]!;
      assert.deepEqual(restarting, { id: failed, state: 'RESTARTING', worker_id: placed.tasks[failed]!.worker_id });
      assert.equal(trace, failedStatus.tasks[failed]!.trace, 'the answer keeps the failure\'s trace (Connect\'s restart plan)');

      await eventually(() => taskStarts.get(failed)! > before.tasks[failed]!, WAIT, `task ${failed} started again`);
      for (const w of [w1, w2]) {
        const s = await settled(w, ['RUNNING', 'RUNNING', 'RUNNING'], 'all running again');
        assert.deepEqual(s.tasks.map((t) => t.worker_id), placed.tasks.map((t) => t.worker_id), 'each task still runs on its worker');
      }
      assert.equal(taskStarts.get(failed), before.tasks[failed]! + 1, 'the failed task started once more');
      assert.equal(taskStarts.get(healthy), before.tasks[healthy], 'the running task was not restarted');
      assert.equal(worker(placed.tasks[healthy]!.worker_id).herder.taskStartedAt({ connector: 'split', task: healthy }), startedAt);
      assert.equal(connectorStarts, before.connector, 'the running connector was not restarted');
    }
  });
});
