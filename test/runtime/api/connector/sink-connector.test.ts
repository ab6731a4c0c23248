import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDef, SinkConnector, SinkRecord, SinkTask, type ConnectorProps, type PartitionOffset } from '../../../../runtime/api/index.js';

class BufferingSinkTask extends SinkTask {
  buffered: SinkRecord[] = [];
  written: SinkRecord[] = [];
  version(): string {
    return '1';
  }
  start(): void {}
  put(records: SinkRecord[]): void {
    this.buffered.push(...records);
  }
  override flush(): void {
    this.written.push(...this.buffered);
    this.buffered = [];
  }
  stop(): void {}
}

class BufferingSink extends SinkConnector {
  version(): string {
    return '1';
  }
  start(): void {}
  taskClass() {
    return BufferingSinkTask;
  }
  taskConfigs(): ConnectorProps[] {
    return [{}];
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef();
  }
}

test('a sink task: default preCommit flushes, then commits every current offset', async () => {
  const Task = new BufferingSink().taskClass();
  const task = new Task();
  await task.open([{ topic: 't', partition: 0 }]);
  await task.put([new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: 7, value: 'x' })]);
  const offsets: PartitionOffset[] = [{ topic: 't', partition: 0, offset: 8 }];
  assert.deepEqual(await task.preCommit(offsets), offsets);
  assert.equal(task.written.length, 1);
  assert.equal(task.buffered.length, 0);
  await task.close([{ topic: 't', partition: 0 }]);
});

test('sink constants and defaults', async () => {
  assert.equal(SinkTask.TOPICS_CONFIG, 'topics');
  assert.equal(SinkTask.TOPICS_REGEX_CONFIG, 'topics.regex');
  assert.equal(await new BufferingSink().alterOffsets({}, [{ partition: { topic: 't', partition: 0 }, offset: 5 }]), false);
});
