// The flush policy: flush.messages fsyncs the active segment inside append() (before a Produce
// response) once that many records are unflushed; flush.ms is applied by the topic manager's
// periodic flusher; the default (Kafka's Long.MAX) never fsyncs outside rolls and close.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import * as path from 'node:path';
import { BrokerConfig } from '../../../broker/config/broker-config.js';
import { TopicManager } from '../../../broker/topics/topic-manager.js';
import { silentLogger } from '../../../broker/util/logger.js';
import { removeDir, sleep, tempDir } from '../../helpers/broker.js';
import { simpleBatch } from './batch-helper.js';
import { config, openLog } from './log-helper.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

function dir(): string {
  const d = tempDir('tributary-flush-');
  cleanup.push(() => removeDir(d));
  return d;
}

/** Counts fsyncSync calls (the segment code uses the node:fs namespace, so the builtin is patched). */
function spyFsync(): { readonly calls: number } {
  const original = fs.fsyncSync;
  const spy = { calls: 0 };
  fs.fsyncSync = (fd: number): void => {
    spy.calls++;
    original(fd);
  };
  syncBuiltinESMExports();
  cleanup.push(() => {
    fs.fsyncSync = original;
    syncBuiltinESMExports();
  });
  return spy;
}

test('flush.messages: append fsyncs once that many records are unflushed, counting records not batches', () => {
  const { log } = openLog(dir(), config({ flushMessages: 5 }));
  cleanup.push(() => log.close());
  const fsync = spyFsync();
  log.append(simpleBatch(2));
  log.append(simpleBatch(2));
  assert.equal(log.unflushedMessages, 4);
  assert.equal(log.flushCount, 0);
  assert.equal(fsync.calls, 0, 'no fsync below flush.messages');
  log.append(simpleBatch(2));
  assert.equal(log.flushCount, 1);
  assert.equal(log.unflushedMessages, 0);
  assert.ok(fsync.calls >= 1, 'the active segment was fsynced inside append');
  const after = fsync.calls;
  log.append(simpleBatch(7)); // one batch past the limit on its own
  assert.equal(log.flushCount, 2);
  assert.ok(fsync.calls > after);
});

test('flush.messages=1 fsyncs every append', () => {
  const { log } = openLog(dir(), config({ flushMessages: 1 }));
  cleanup.push(() => log.close());
  for (let i = 0; i < 5; i++) log.append(simpleBatch(1 + i));
  assert.equal(log.flushCount, 5);
  assert.equal(log.unflushedMessages, 0);
});

test('the default (Long.MAX / unset) never fsyncs on append; a roll counts as a flush', () => {
  const { log } = openLog(dir(), config({ flushMessages: 9223372036854775807, segmentBytes: 4000 }));
  cleanup.push(() => log.close());
  const fsync = spyFsync();
  log.append(simpleBatch(10, 100));
  log.append(simpleBatch(10, 100));
  assert.equal(log.unflushedMessages, 20);
  assert.equal(fsync.calls, 0);
  assert.equal(log.flushIfDue(Date.now() + 1e12), false, 'no flush.ms: never due');
  for (let i = 0; i < 3; i++) log.append(simpleBatch(10, 100));
  assert.ok(log.segmentCount > 1, 'rolled');
  assert.ok(fsync.calls > 0, 'the roll fsynced the old segment');
  assert.ok(log.unflushedMessages <= 20, 'only what was appended after the roll is unflushed');
  assert.equal(log.flushCount, 0);
});

test('flush.ms: flushIfDue fsyncs once the oldest unflushed append is that old (injected clock)', () => {
  const { log } = openLog(dir(), config({ flushMs: 1000 }));
  cleanup.push(() => log.close());
  const t0 = 1_700_000_000_000;
  assert.equal(log.flushIfDue(t0 + 5000), false, 'nothing unflushed');
  log.append(simpleBatch(3), t0);
  log.append(simpleBatch(3), t0 + 600);
  assert.equal(log.flushIfDue(t0 + 999), false);
  assert.equal(log.flushIfDue(t0 + 1000), true, 'measured from the oldest unflushed append');
  assert.equal(log.unflushedMessages, 0);
  assert.equal(log.flushIfDue(t0 + 3000), false, 'nothing new to flush');
  log.append(simpleBatch(1), t0 + 3000);
  assert.equal(log.flushIfDue(t0 + 3999), false);
  assert.equal(log.flushIfDue(t0 + 4000), true);
  assert.equal(log.flushCount, 2);
});

test('updateConfig changes the flush policy from the next append', () => {
  const { log } = openLog(dir(), config());
  cleanup.push(() => log.close());
  log.append(simpleBatch(4));
  assert.equal(log.flushCount, 0);
  log.updateConfig(config({ flushMessages: 5 }));
  log.append(simpleBatch(1));
  assert.equal(log.flushCount, 1);
});

function manager(d: string, settings: Record<string, string> = {}): TopicManager {
  const tm = new TopicManager(new BrokerConfig(new Map(Object.entries({ 'log.dirs': d, ...settings }))), silentLogger);
  cleanup.push(() => tm.close());
  return tm;
}

test('topic configs and broker synonyms reach the logs; no flusher runs by default', () => {
  const d = dir();
  const tm = manager(d, { 'log.flush.interval.messages': '3' });
  assert.equal(tm.flushCheckIntervalMs(), null, 'no finite flush.ms anywhere: no periodic flusher');
  tm.createTopic('a', 1, {});
  tm.createTopic('b', 1, { 'flush.messages': '1' });
  tm.partition('a', 0)!.append(simpleBatch(2));
  tm.partition('b', 0)!.append(simpleBatch(2));
  assert.equal(tm.partition('a', 0)!.flushCount, 0);
  tm.partition('a', 0)!.append(simpleBatch(1));
  assert.equal(tm.partition('a', 0)!.flushCount, 1, 'log.flush.interval.messages=3 as the broker default');
  assert.equal(tm.partition('b', 0)!.flushCount, 1, 'flush.messages=1 override');
  assert.ok(fs.existsSync(path.join(d, 'b-0')));
});

test('the periodic flusher applies flush.ms (runFlusher with an injected clock, and the real timer)', async () => {
  const tm = manager(dir());
  tm.createTopic('slow', 2, {});
  assert.equal(tm.flushCheckIntervalMs(), null);
  tm.createTopic('timed', 2, { 'flush.ms': '40' });
  assert.equal(tm.flushCheckIntervalMs(), 40);
  const now = Date.now();
  tm.partition('timed', 0)!.append(simpleBatch(2), now);
  tm.partition('slow', 0)!.append(simpleBatch(2), now);
  assert.equal(tm.runFlusher(now + 39), 0);
  assert.equal(tm.runFlusher(now + 40), 1, 'only the timed partition with data');
  assert.equal(tm.partition('slow', 0)!.flushCount, 0);

  tm.partition('timed', 1)!.append(simpleBatch(2));
  const deadline = Date.now() + 3000;
  while (tm.partition('timed', 1)!.flushCount === 0 && Date.now() < deadline) await sleep(10);
  assert.equal(tm.partition('timed', 1)!.flushCount, 1, 'flushed by the timer');
  assert.equal(tm.partition('timed', 1)!.unflushedMessages, 0);

  tm.setConfigs('timed', {});
  assert.equal(tm.flushCheckIntervalMs(), null, 'the flusher stops when no topic needs it');
  tm.setConfigs('slow', { 'flush.ms': '5000' });
  assert.equal(tm.flushCheckIntervalMs(), 1000, 'checked at most every second');
});

test('log.flush.scheduler.interval.ms sets the check interval', () => {
  const tm = manager(dir(), { 'log.flush.interval.ms': '100', 'log.flush.scheduler.interval.ms': '250' });
  tm.createTopic('x', 1, {});
  assert.equal(tm.flushCheckIntervalMs(), 250);
});
