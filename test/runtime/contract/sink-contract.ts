/**
 * The shared sink connector contract. A connector's test calls
 *
 *   sinkContract('FileStreamSink', plugin, { fixture, expectedTaskCount, skip })
 *
 * and gets one test per case below. The fixture gives a valid configuration (with `topics`) and
 * a way to read back what is in the destination; records are generated per partition (default: a
 * STRING value `<topic>-<partition>-<offset>`) and identified by `recordId` in the read-back.
 *
 * Cases (ids):
 *   plugin-descriptor, validate-valid, validate-missing-required, validate-wrong-type,
 *   task-configs          (config-cases.ts)
 *   precommit-durable     every offset preCommit returns is covered by records present in the
 *                         destination, and never beyond what was put
 *   restart-at-least-once records put but not committed when a task dies are put again by the
 *                         next task (from the committed offsets); in the end every record is in
 *                         the destination and nothing that was never put is
 *   empty-batches         put([]) and a preCommit with nothing new are accepted
 *   close-revoked         after close() of revoked partitions the task keeps writing the others
 *   errant-records        a record the destination rejects goes to the errant record reporter
 *                         (put goes on); without a reporter, put throws
 */
import assert from 'node:assert/strict';
import { Schema, SinkRecord, type Awaitable, type ConnectorPlugin, type ConnectorProps, type TopicPartition } from '../../../runtime/api/index.js';
import { configCases } from './config-cases.js';
import { NotApplicable, contractSuite, type ContractCase, type SuiteContext } from './contract-case.js';
import { SinkRun, startSinkConnector, tpKey, type RecordFactory } from './sink-harness.js';

export interface SinkFixture {
  /** A valid connector configuration, including `topics`. */
  readonly props: ConnectorProps;
  /** The topic records are generated for (one of `topics`). */
  readonly topic: string;
  /** The ids of the records now in the destination (any order, repeats kept). */
  readBack(): Promise<string[]>;
  cleanup?(): Awaitable<void>;
}

export interface SinkContractOptions {
  fixture(): Awaitable<SinkFixture>;
  /** How many task configurations taskConfigs(maxTasks) must return. */
  expectedTaskCount(maxTasks: number): number;
  /** Record `offset` of a partition. Default: key and value STRING `<topic>-<partition>-<offset>`. */
  record?: RecordFactory;
  /** Identity of a record in readBack(). Default: String(value). */
  recordId?(record: SinkRecord): string;
  /** A record the destination rejects (errant-records). */
  badRecord?: RecordFactory;
  /** Case id → why this connector skips it. */
  skip?: Readonly<Record<string, string>>;
}

type Ctx = SuiteContext<SinkContractOptions>;

export const defaultSinkRecord: RecordFactory = (tp, offset) => {
  const text = `${tp.topic}-${tp.partition}-${offset}`;
  return new SinkRecord({ topic: tp.topic, kafkaPartition: tp.partition, kafkaOffset: offset, keySchema: Schema.STRING_SCHEMA, key: text, valueSchema: Schema.STRING_SCHEMA, value: text, timestamp: 1_700_000_000_000 + offset });
};

async function withRun<T>(plugin: ConnectorPlugin, opts: SinkContractOptions, fn: (fx: SinkFixture, newRun: (committed?: Map<string, number>, withReporter?: boolean) => SinkRun) => Promise<T>): Promise<T> {
  const fx = await opts.fixture();
  try {
    const connector = await startSinkConnector(plugin, fx.props);
    const props = (await connector.taskConfigs(1))[0]!;
    try {
      return await fn(fx, (committed, withReporter) => new SinkRun(connector, props, opts.record ?? defaultSinkRecord, committed, withReporter));
    } finally {
      await connector.stop();
    }
  } finally {
    await fx.cleanup?.();
  }
}

/** Asserts that every record of `tp` below `offset` is in the read-back. */
function assertCovered(readBack: readonly string[], ids: (tp: TopicPartition, offset: number) => string, tp: TopicPartition, offset: number): void {
  const present = new Set(readBack);
  for (let o = 0; o < offset; o++) assert.ok(present.has(ids(tp, o)), `${tpKey(tp)} offset ${o} was committed but is not in the destination`);
}

const sinkCases: ReadonlyArray<ContractCase<Ctx>> = [
  {
    id: 'precommit-durable',
    title: 'preCommit returns only offsets whose records are in the destination, never beyond what was put',
    async run({ plugin, opts }) {
      const id = opts.recordId ?? ((r: SinkRecord) => String(r.value));
      const make = opts.record ?? defaultSinkRecord;
      await withRun(plugin, opts, async (fx, newRun) => {
        const tps = [0, 1].map((partition) => ({ topic: fx.topic, partition }));
        const run = await newRun().start(tps);
        for (let round = 0; round < 3; round++) {
          for (const tp of tps) await run.deliver(tp, 4 + round);
          const committed = await run.commit();
          const back = await fx.readBack();
          for (const o of committed) assertCovered(back, (tp, off) => id(make(tp, off)), o, o.offset);
        }
        assert.ok(tps.every((tp) => (run.committed.get(tpKey(tp)) ?? 0) > 0), 'after flushing, something is committed');
        await run.shutdown();
      });
    },
  },
  {
    id: 'restart-at-least-once',
    title: 'records put but not committed before a crash are put again by the next task, and none is lost',
    async run({ plugin, opts }) {
      const id = opts.recordId ?? ((r: SinkRecord) => String(r.value));
      await withRun(plugin, opts, async (fx, newRun) => {
        const tps = [0, 1].map((partition) => ({ topic: fx.topic, partition }));
        const first = await newRun().start(tps);
        for (const tp of tps) await first.deliver(tp, 5);
        await first.commit();
        for (const tp of tps) await first.deliver(tp, 5);
        await first.crash();
        const second = await newRun(first.committed).start(tps);
        for (const tp of tps) {
          assert.ok(second.position(tp) <= 10, 'the new task starts at or before the end of what was put');
          await second.deliver(tp, 10 - second.position(tp) + 3);
        }
        await second.shutdown();
        const back = await fx.readBack();
        const present = new Set(back);
        const everPut = new Set([...first.delivered, ...second.delivered].map(id));
        for (const r of [...first.delivered, ...second.delivered]) assert.ok(present.has(id(r)), `record ${id(r)} was lost`);
        for (const x of back) assert.ok(everPut.has(x), `the destination holds ${x}, which was never put`);
      });
    },
  },
  {
    id: 'empty-batches',
    title: 'put([]) and preCommit with nothing new are accepted',
    async run({ plugin, opts }) {
      await withRun(plugin, opts, async (fx, newRun) => {
        const tp = { topic: fx.topic, partition: 0 };
        const run = await newRun().start([tp]);
        await run.putBatch([]);
        const first = await run.commit();
        assert.ok(first.every((o) => o.offset === 0));
        await run.deliver(tp, 2);
        await run.commit();
        await run.putBatch([]);
        await run.commit();
        assert.equal(run.committed.get(tpKey(tp)), 2);
        await run.shutdown();
      });
    },
  },
  {
    id: 'close-revoked',
    title: 'after close() of revoked partitions the task keeps writing the partitions it still has',
    async run({ plugin, opts }) {
      const id = opts.recordId ?? ((r: SinkRecord) => String(r.value));
      const make = opts.record ?? defaultSinkRecord;
      await withRun(plugin, opts, async (fx, newRun) => {
        const [p0, p1] = [0, 1].map((partition) => ({ topic: fx.topic, partition })) as [TopicPartition, TopicPartition];
        const run = await newRun().start([p0, p1]);
        await run.deliver(p0, 3);
        await run.deliver(p1, 3);
        await run.revoke([p1]);
        assert.equal(run.committed.get(tpKey(p1)), 3, 'the revoked partition was committed before close');
        await run.deliver(p0, 3);
        const committed = await run.commit();
        assert.deepEqual(committed.map(tpKey), [tpKey(p0)]);
        assertCovered(await fx.readBack(), (tp, off) => id(make(tp, off)), p0, 6);
        await run.shutdown();
      });
    },
  },
  {
    id: 'errant-records',
    title: 'a record the destination rejects goes to the errant record reporter; without one, put() throws',
    async run({ plugin, opts }) {
      const bad = opts.badRecord;
      if (bad === undefined) throw new NotApplicable('errant-records', 'no opts.badRecord: the connector has no record its destination rejects');
      const id = opts.recordId ?? ((r: SinkRecord) => String(r.value));
      const make = opts.record ?? defaultSinkRecord;
      await withRun(plugin, opts, async (fx, newRun) => {
        const tp = { topic: fx.topic, partition: 0 };
        const run = await newRun().start([tp]);
        await run.putBatch([make(tp, 0), bad(tp, 1), make(tp, 2)]);
        await run.commit();
        assert.equal(run.reporter.reports.length, 1);
        assert.equal(run.reporter.reports[0]!.record.kafkaOffset, 1);
        const back = new Set(await fx.readBack());
        assert.ok(back.has(id(make(tp, 0))) && back.has(id(make(tp, 2))), 'the good records around the bad one are written');
        await run.shutdown();
        const strict = await newRun(undefined, false).start([tp]);
        await assert.rejects(Promise.resolve(strict.putBatch([bad(tp, 3)])));
        await strict.crash();
      });
    },
  },
];

const suite = contractSuite<SinkContractOptions>('sink', [...configCases, ...sinkCases], startSinkConnector);

/** Every case id of the sink suite, in order. */
export const SINK_CASE_IDS = suite.ids;
/** The cases themselves, for running one outside node:test (the suite's own tests do). */
export const sinkCase = suite.byId;
export const sinkContext = suite.context;
/** Registers the sink contract for one connector plugin. */
export const sinkContract = suite.register;
