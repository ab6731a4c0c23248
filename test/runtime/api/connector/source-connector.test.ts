import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SourceTaskContext } from '../../../../runtime/api/index.js';
import { LinesConnector } from './lines-connector.js';

test('a source task resumes from its committed offset and stops polling after stop()', async () => {
  const connector = new LinesConnector();
  connector.start({ file: 'f', topic: 't' });
  const [taskProps] = await connector.taskConfigs(4);
  const Task = connector.taskClass();
  const task = new Task();
  const asked: unknown[] = [];
  const taskCtx: SourceTaskContext = {
    configs: () => taskProps!,
    offsetStorageReader: {
      offset: async (p) => {
        asked.push(p);
        return { line: 1 };
      },
      offsets: async (ps) => ps.map(() => null),
    },
  };
  task.initialize(taskCtx);
  await task.start(taskProps!);
  assert.deepEqual(asked, [{ file: 'f' }]);
  const first = await task.poll();
  assert.equal(first![0]!.value, 'b');
  assert.deepEqual(first![0]!.sourcePartition, { file: 'f' });
  assert.deepEqual(first![0]!.sourceOffset, { line: 2 });
  await task.commit();
  await task.commitRecord(first![0]!, { topic: 't', partition: 0, offset: 0, timestamp: null });
  await task.commitRecord(first![0]!, null);
  await task.stop();
  assert.equal(await task.poll(), null);
});

test('by default a source connector has no opinion on altered offsets', async () => {
  assert.equal(await new LinesConnector().alterOffsets({}, [{ partition: { file: 'f' }, offset: null }]), false);
});
