// The error policy: retriable failures retried with doubling, jittered, capped delays within
// errors.retry.timeout; remaining failures skipped (tolerance all, reported) or fatal (none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataException, RetriableException } from '../../../runtime/api/index.js';
import { MetricsRegistry } from '../../../runtime/metrics/registry.js';
import { TaskMetrics } from '../../../runtime/metrics/task-metrics.js';
import type { ErrorSettings } from '../../../runtime/worker/connector-config.js';
import { ErrorReporter, type ErrorContext } from '../../../runtime/worker/error-reporting.js';
import { silentLoggers } from '../../../runtime/worker/logger.js';
import { RetryWithToleranceOperator, SKIPPED, ToleranceExceededError, retryDelay } from '../../../runtime/worker/retry-operator.js';

const base: ErrorSettings = {
  retryTimeoutMs: 0, retryDelayMaxMs: 60000, tolerance: 'none', logEnable: false, logIncludeMessages: false,
  dlqTopic: '', dlqReplicationFactor: 3, dlqContextHeaders: false,
};

function operator(settings: Partial<ErrorSettings>, sleeps: number[] = [], lines: string[] = []) {
  const metrics = new TaskMetrics(new MetricsRegistry(), 'c', 0);
  const log = { ...silentLoggers().logger('x'), error: (m: string) => void lines.push(m) };
  const reporter = new ErrorReporter({ connector: 'c', task: 0, settings: { ...base, ...settings }, log, metrics, clients: null });
  return new RetryWithToleranceOperator({ settings: { ...base, ...settings }, reporter, metrics, stopping: () => false, sleep: async (ms) => void sleeps.push(ms) });
}

const ctx: Omit<ErrorContext, 'error'> = { stage: 'VALUE_CONVERTER', className: 'X' };

test('retryDelay doubles from 300 ms, is capped, and has ±20 % jitter', () => {
  assert.equal(retryDelay(1, 60000, () => 0.5), 300);
  assert.equal(retryDelay(2, 60000, () => 0.5), 600);
  assert.equal(retryDelay(5, 60000, () => 0.5), 4800);
  assert.equal(retryDelay(20, 1000, () => 0.5), 1000);
  assert.equal(retryDelay(1, 60000, () => 0), 240);
  assert.equal(retryDelay(1, 60000, () => 1), 360);
});

test('a success passes through; a non-retriable failure is fatal with tolerance none', async () => {
  const op = operator({});
  assert.equal(await op.execute(() => 42, ctx), 42);
  await assert.rejects(async () => op.execute(() => { throw new DataException('bad'); }, ctx), (e: unknown) => e instanceof ToleranceExceededError && (e.cause as Error).message === 'bad');
});

test('tolerance all skips the record and reports it (log line with stage and class)', async () => {
  const lines: string[] = [];
  const op = operator({ tolerance: 'all', logEnable: true }, [], lines);
  assert.equal(await op.execute(() => { throw new DataException('bad'); }, ctx), SKIPPED);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /Error encountered in task c-0\. Executing stage 'VALUE_CONVERTER' with class 'X'.*DataException: bad/);
});

test('retriable failures are retried while errors.retry.timeout allows, -1 forever, 0 never', async () => {
  const sleeps: number[] = [];
  let n = 0;
  const op = operator({ retryTimeoutMs: -1, retryDelayMaxMs: 1000 }, sleeps);
  assert.equal(await op.execute(() => {
    if (++n < 6) throw new RetriableException('again');
    return 'ok';
  }, ctx), 'ok');
  assert.equal(sleeps.length, 5);
  assert.ok(sleeps.every((s, i) => s <= 1200 && s >= Math.min(300 * 2 ** i, 1000) * 0.8), JSON.stringify(sleeps));
  const never = operator({ retryTimeoutMs: 0, tolerance: 'all' });
  let calls = 0;
  assert.equal(await never.execute(() => { calls++; throw new RetriableException('x'); }, ctx), SKIPPED);
  assert.equal(calls, 1);
});

test('a retry deadline ends the retries', async () => {
  const op = new RetryWithToleranceOperator({
    settings: { ...base, retryTimeoutMs: 150, retryDelayMaxMs: 20 },
    reporter: new ErrorReporter({ connector: 'c', task: 0, settings: base, log: silentLoggers().logger('x'), metrics: new TaskMetrics(new MetricsRegistry(), 'c', 0), clients: null }),
    metrics: new TaskMetrics(new MetricsRegistry(), 'c', 0),
    stopping: () => false,
  });
  const started = Date.now();
  await assert.rejects(async () => op.execute(() => { throw new RetriableException('x'); }, ctx), ToleranceExceededError);
  const took = Date.now() - started;
  assert.ok(took >= 140 && took < 1000, `took ${took} ms`);
});

test('the retry deadline counts from the first attempt, also for an asynchronous step', async () => {
  const sleeps: number[] = [];
  const op = operator({ retryTimeoutMs: 100, tolerance: 'all' }, sleeps);
  let calls = 0;
  const slow = async (): Promise<never> => {
    calls++;
    await new Promise((r) => setTimeout(r, 150));
    throw new RetriableException('slow');
  };
  assert.equal(await op.execute(slow, ctx), SKIPPED);
  assert.equal(calls, 1, 'the first attempt alone used up errors.retry.timeout');
  assert.deepEqual(sleeps, []);
});

test('errors.log.include.messages adds the record to the log line, never otherwise', () => {
  const metrics = new TaskMetrics(new MetricsRegistry(), 'c', 0);
  const log = silentLoggers().logger('x');
  const raw = { topic: 't', partition: 0, offset: 7, timestamp: 1, key: Buffer.from('k'), value: Buffer.from('secret value'), headers: [['h', Buffer.from('v')] as const] };
  const quiet = new ErrorReporter({ connector: 'c', task: 0, settings: { ...base, logEnable: true }, log, metrics, clients: null });
  const line = quiet.describe({ stage: 'VALUE_CONVERTER', className: 'X', error: new Error('e'), raw });
  assert.match(line, /consumed record is \{topic='t', partition=0, offset=7, timestamp=1\}/);
  assert.ok(!line.includes('secret value'));
  const loud = new ErrorReporter({ connector: 'c', task: 0, settings: { ...base, logEnable: true, logIncludeMessages: true }, log, metrics, clients: null });
  assert.match(loud.describe({ stage: 'VALUE_CONVERTER', className: 'X', error: new Error('e'), raw }), /Record: key="k", value="secret value", headers=\[h="v"\]/);
});
