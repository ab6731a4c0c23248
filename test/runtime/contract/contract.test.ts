// Tests of the contract suite itself: correct toy connectors pass every case, and each broken
// toy is caught by the case meant for its bug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SinkRecord, Schema } from '../../../runtime/api/index.js';
import { NotApplicable } from './contract-case.js';
import { SINK_CASE_IDS, sinkCase, sinkContext, sinkContract, type SinkContractOptions } from './sink-contract.js';
import { SOURCE_CASE_IDS, sourceCase, sourceContext, sourceContract, type SourceContractOptions } from './source-contract.js';
import {
  closingSink,
  counterSource,
  deafSource,
  forgetfulSource,
  greedySource,
  lyingSink,
  memorySink,
  memoryStores,
  misroutedSource,
  silentSink,
  slowStopSource,
  spinningSource,
} from './toy-connectors.js';

const sourceOpts: SourceContractOptions = {
  fixture: () => ({ props: { topic: 'n', count: '30' }, topic: 'n', available: 30 }),
  finiteFixture: () => ({ props: { topic: 'n', count: '2' }, topic: 'n', available: 2 }),
  expectedTaskCount: () => 1,
};

let stores = 0;
const sinkOpts: SinkContractOptions = {
  fixture: () => {
    const store = `s${stores++}`;
    return { props: { store, topics: 't' }, topic: 't', readBack: async () => [...(memoryStores.get(store) ?? [])] };
  },
  expectedTaskCount: (max) => max,
  badRecord: (tp, offset) => new SinkRecord({ topic: tp.topic, kafkaPartition: tp.partition, kafkaOffset: offset, valueSchema: Schema.STRING_SCHEMA, value: 'bad' }),
};

sourceContract('toy counter source', counterSource, sourceOpts);
sinkContract('toy memory sink', memorySink, { ...sinkOpts, skip: { 'validate-wrong-type': 'its only setting is a STRING' } });

test('the case lists', () => {
  assert.deepEqual(SOURCE_CASE_IDS, ['plugin-descriptor', 'validate-valid', 'validate-missing-required', 'validate-wrong-type', 'task-configs', 'poll-records', 'resume-offsets', 'idle-poll', 'stop-during-poll', 'start-stop']);
  assert.deepEqual(SINK_CASE_IDS, ['plugin-descriptor', 'validate-valid', 'validate-missing-required', 'validate-wrong-type', 'task-configs', 'precommit-durable', 'restart-at-least-once', 'empty-batches', 'close-revoked', 'errant-records']);
});

test('resume-offsets catches a task that ignores its stored offsets', async () => {
  await assert.rejects(sourceCase('resume-offsets').run(sourceContext(forgetfulSource, sourceOpts)), assert.AssertionError);
});

test('idle-poll catches a poll that returns at once when idle', async () => {
  await assert.rejects(sourceCase('idle-poll').run(sourceContext(spinningSource, sourceOpts)), /should wait for data/);
});

test('stop-during-poll catches a poll that ignores stop()', async () => {
  await assert.rejects(sourceCase('stop-during-poll').run(sourceContext(deafSource, sourceOpts)), /settled \d+ ms after stop/);
});

test('precommit-durable and restart-at-least-once catch a sink that commits what it never wrote', async () => {
  await assert.rejects(sinkCase('precommit-durable').run(sinkContext(lyingSink, sinkOpts)), /was committed but is not in the destination/);
  await assert.rejects(sinkCase('restart-at-least-once').run(sinkContext(lyingSink, sinkOpts)), /was lost/);
});

test('task-configs catches a connector that makes more tasks than maxTasks', async () => {
  await assert.rejects(sourceCase('task-configs').run(sourceContext(greedySource, sourceOpts)), /taskConfigs\(1\)/);
});

test('poll-records catches records sent to another topic', async () => {
  await assert.rejects(sourceCase('poll-records').run(sourceContext(misroutedSource, sourceOpts)), /n\.elsewhere/);
});

test('start-stop catches a slow stop()', async () => {
  await assert.rejects(sourceCase('start-stop').run(sourceContext(slowStopSource, sourceOpts)), /stop\(\) took \d+ ms/);
});

test('close-revoked catches a sink that stops writing its other partitions after close()', async () => {
  await assert.rejects(sinkCase('close-revoked').run(sinkContext(closingSink, sinkOpts)), /was committed but is not in the destination/);
});

test('errant-records catches a sink that drops a rejected record silently', async () => {
  await assert.rejects(sinkCase('errant-records').run(sinkContext(silentSink, sinkOpts)), assert.AssertionError);
});

test('a case that does not apply says so until it is listed in skip', async () => {
  await assert.rejects(sinkCase('validate-wrong-type').run(sinkContext(memorySink, sinkOpts)), NotApplicable);
  await assert.rejects(sinkCase('errant-records').run(sinkContext(memorySink, { ...sinkOpts, badRecord: undefined })), NotApplicable);
});
