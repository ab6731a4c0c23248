/**
 * The shared source connector contract. A connector's test calls
 *
 *   sourceContract('FileStreamSource', plugin, { fixture, finiteFixture, expectedTaskCount, skip })
 *
 * and gets one test per case below (skipped cases listed with their reason). Fixtures give a
 * valid configuration and the data behind it; the same fixture must yield the same records in the
 * same order each time a task starts from the same offsets (a file's lines, a seeded generator).
 *
 * Cases (ids):
 *   plugin-descriptor, validate-valid, validate-missing-required, validate-wrong-type,
 *   task-configs        (config-cases.ts)
 *   poll-records        records go to the fixture's topic, fit their schemas, carry JSON offsets;
 *                       different tasks use different source partitions
 *   resume-offsets      a task restarted from the offsets of the records acknowledged so far
 *                       continues right after them: nothing lost, nothing repeated ('exact'),
 *                       or repeats allowed but nothing lost ('at-least-once')
 *   idle-poll           once the data is drained, poll() waits (no busy loop) but returns null/[]
 *                       within the bound
 *   stop-during-poll    stop() while poll() is pending makes that poll settle promptly
 *   start-stop          a task started and stopped at once (no poll) stops promptly
 */
import assert from 'node:assert/strict';
import { SourceRecord, type Awaitable, type ConnectorPlugin, type ConnectorProps } from '../../../runtime/api/index.js';
import { configCases } from './config-cases.js';
import { contractSuite, sleep, timed, within, type ContractCase, type SuiteContext } from './contract-case.js';
import { MemoryOffsetStore, partitionKey } from './offset-store.js';
import { acknowledge, drain, pollUntil, startSourceConnector, startSourceTask } from './source-harness.js';

export interface SourceFixture {
  /** A valid connector configuration reading this fixture's data. */
  readonly props: ConnectorProps;
  /** The topic every record must go to. */
  readonly topic: string;
  /** How many records task 0 can produce from the start (Infinity when unbounded). */
  readonly available: number;
  cleanup?(): Awaitable<void>;
}

export interface SourceContractOptions {
  /** Fresh data and configuration for one case. */
  fixture(): Awaitable<SourceFixture>;
  /** Data that runs out after a few records (idle-poll, stop-during-poll). Default: fixture(). */
  finiteFixture?(): Awaitable<SourceFixture>;
  /** How many task configurations taskConfigs(maxTasks) must return. */
  expectedTaskCount(maxTasks: number): number;
  /** Identity of a record for order and duplicate checks. Default: String(key) + '|' + String(value). */
  recordId?(record: SourceRecord): string;
  /** 'exact' (default): a restarted task starts right after the last acknowledged record. */
  resume?: 'exact' | 'at-least-once';
  /** An idle poll must return within this many ms. Default IDLE_POLL_BOUND_MS. */
  idlePollBoundMs?: number;
  /** Case id → why this connector skips it. */
  skip?: Readonly<Record<string, string>>;
}

/** The runtime asks for about one second; this leaves room for a loaded machine. */
export const IDLE_POLL_BOUND_MS = 1500;
/** An idle poll shorter than this is taken as "returns at once" (the runtime would spin). */
export const IDLE_POLL_MIN_MS = 50;
export const STOP_BOUND_MS = 500;

type Ctx = SuiteContext<SourceContractOptions>;

const defaultId = (r: SourceRecord): string => `${String(r.key)}|${String(r.value)}`;

async function withFixture<T>(make: () => Awaitable<SourceFixture>, fn: (fx: SourceFixture) => Promise<T>): Promise<T> {
  const fx = await make();
  try {
    return await fn(fx);
  } finally {
    await fx.cleanup?.();
  }
}

/** Task 0's configuration, from a connector started and stopped for the purpose. */
async function firstTaskProps(plugin: ConnectorPlugin, fx: SourceFixture) {
  const connector = await startSourceConnector(plugin, fx.props);
  const configs = await connector.taskConfigs(1);
  assert.ok(configs.length >= 1, 'taskConfigs(1) returns a configuration');
  return { connector, props: configs[0]!, stopConnector: async () => connector.stop() };
}

const sourceCases: ReadonlyArray<ContractCase<Ctx>> = [
  {
    id: 'poll-records',
    title: 'tasks poll records that go to the topic, fit their schemas and carry JSON offsets; tasks do not share partitions',
    async run({ plugin, opts }) {
      await withFixture(opts.fixture, async (fx) => {
        const connector = await startSourceConnector(plugin, fx.props);
        const configs = await connector.taskConfigs(2);
        const owner = new Map<string, number>();
        for (const [i, props] of configs.entries()) {
          const task = await startSourceTask(connector, props, new MemoryOffsetStore());
          try {
            const records = await pollUntil(task, 1);
            for (const r of records) {
              assert.ok(r instanceof SourceRecord);
              assert.equal(r.topic, fx.topic);
              r.validate();
              assert.ok(r.sourcePartition !== null && r.sourceOffset !== null, 'records carry a source partition and offset');
              assert.deepEqual(JSON.parse(JSON.stringify(r.sourcePartition)), { ...r.sourcePartition });
              assert.deepEqual(JSON.parse(JSON.stringify(r.sourceOffset)), { ...r.sourceOffset });
              const key = partitionKey(r.sourcePartition);
              assert.ok((owner.get(key) ?? i) === i, `partition ${key} is used by tasks ${owner.get(key)} and ${i}`);
              owner.set(key, i);
            }
          } finally {
            await task.stop();
          }
        }
        await connector.stop();
      });
    },
  },
  {
    id: 'resume-offsets',
    title: 'a task restarted from the acknowledged offsets continues after the last acknowledged record',
    async run({ plugin, opts }) {
      const id = opts.recordId ?? defaultId;
      await withFixture(opts.fixture, async (fx) => {
        const total = Math.min(fx.available, 24);
        if (total < 4) throw new Error(`resume-offsets needs a fixture with at least 4 records, it has ${fx.available}`);
        const { connector, props, stopConnector } = await firstTaskProps(plugin, fx);
        const runTask = async (store: MemoryOffsetStore, n: number) => {
          const task = await startSourceTask(connector, props, store);
          return { task, records: await pollUntil(task, n) };
        };
        // The uninterrupted sequence.
        const ref = await runTask(new MemoryOffsetStore(), total);
        await ref.task.stop();
        const expected = ref.records.slice(0, total).map(id);
        // Run A: poll about half, acknowledge a third (some with null metadata), stop.
        const store = new MemoryOffsetStore();
        const a = await runTask(store, Math.ceil(total / 2));
        const acked = Math.floor(total / 3);
        await acknowledge(a.task, store, a.records.slice(0, acked), 3);
        await a.task.stop();
        // Run B resumes from the stored offsets.
        const b = await runTask(store, total - acked);
        await b.task.stop();
        await stopConnector();
        const resumed = b.records.map(id);
        if ((opts.resume ?? 'exact') === 'exact') {
          assert.deepEqual([...a.records.slice(0, acked).map(id), ...resumed].slice(0, total), expected);
        } else {
          const at = expected.indexOf(resumed[0]!);
          assert.ok(at >= 0 && at <= acked, `the restarted task starts at record ${at}, after the last acknowledged one (${acked - 1}): records were lost`);
          assert.deepEqual(resumed.slice(0, total - at), expected.slice(at));
        }
      });
    },
  },
  {
    id: 'idle-poll',
    title: 'when there is no data, poll() waits instead of spinning and returns nothing within the bound',
    async run({ plugin, opts }) {
      const bound = opts.idlePollBoundMs ?? IDLE_POLL_BOUND_MS;
      await withFixture(opts.finiteFixture ?? opts.fixture, async (fx) => {
        const { connector, props, stopConnector } = await firstTaskProps(plugin, fx);
        const task = await startSourceTask(connector, props, new MemoryOffsetStore());
        try {
          await drain(task);
          const { value, ms } = await timed(task.poll());
          assert.ok(value === null || value.length === 0, 'no data, no records');
          assert.ok(ms <= bound, `an idle poll took ${Math.round(ms)} ms (bound ${bound} ms)`);
          assert.ok(ms >= IDLE_POLL_MIN_MS, `an idle poll returned after ${ms.toFixed(1)} ms: it should wait for data (the runtime would spin)`);
        } finally {
          await task.stop();
          await stopConnector();
        }
      });
    },
  },
  {
    id: 'stop-during-poll',
    title: 'stop() while a poll is pending makes it settle promptly',
    async run({ plugin, opts }) {
      await withFixture(opts.finiteFixture ?? opts.fixture, async (fx) => {
        const { connector, props, stopConnector } = await firstTaskProps(plugin, fx);
        const task = await startSourceTask(connector, props, new MemoryOffsetStore());
        await drain(task);
        const pending = task.poll();
        await sleep(100);
        const { ms } = await timed(within(Promise.all([Promise.resolve(task.stop()), pending.catch(() => null)]), 5_000, 'stop() and the pending poll'));
        assert.ok(ms <= STOP_BOUND_MS, `the pending poll settled ${Math.round(ms)} ms after stop() (bound ${STOP_BOUND_MS} ms)`);
        await stopConnector();
      });
    },
  },
  {
    id: 'start-stop',
    title: 'a task stopped right after start (no poll) stops promptly',
    async run({ plugin, opts }) {
      await withFixture(opts.fixture, async (fx) => {
        const { connector, props, stopConnector } = await firstTaskProps(plugin, fx);
        const task = await startSourceTask(connector, props, new MemoryOffsetStore());
        const { ms } = await timed(within(Promise.resolve(task.stop()), 5_000, 'stop()'));
        assert.ok(ms <= STOP_BOUND_MS, `stop() took ${Math.round(ms)} ms`);
        await stopConnector();
      });
    },
  },
];

const suite = contractSuite<SourceContractOptions>('source', [...configCases, ...sourceCases], startSourceConnector);

/** Every case id of the source suite, in order. */
export const SOURCE_CASE_IDS = suite.ids;
/** The cases themselves, for running one outside node:test (the suite's own tests do). */
export const sourceCase = suite.byId;
export const sourceContext = suite.context;
/** Registers the source contract for one connector plugin. */
export const sourceContract = suite.register;
