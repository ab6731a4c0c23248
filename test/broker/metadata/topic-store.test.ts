import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invalidTopicName, TopicStore } from '../../../broker/metadata/topic-store.js';

test('cluster id and topics (with ids and configs) survive reopening', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topic-store-'));
  try {
    const a = new TopicStore(dir, 1, null);
    const t = a.create('orders', 3, { 'retention.ms': '1000' });
    assert.match(t.id, /^[A-Za-z0-9_-]{22}$/);
    assert.match(readFileSync(join(dir, 'meta.properties'), 'utf8'), new RegExp(`cluster.id=${a.clusterId}\\nnode.id=1`));
    a.setPartitions('orders', 5);
    a.create('gone', 1, {});
    a.delete('gone');
    const b = new TopicStore(dir, 1, null);
    assert.equal(b.clusterId, a.clusterId);
    assert.deepEqual(b.list().map((x) => [x.name, x.id, x.partitions, x.configs]), [['orders', t.id, 5, { 'retention.ms': '1000' }]]);
    assert.equal(b.getById(t.id)?.name, 'orders');
    assert.throws(() => new TopicStore(dir, 2, null), /Stored node id 1 .* doesn't match the configured node.id 2/);
    assert.throws(() => new TopicStore(dir, 1, 'other'), /belongs to another cluster/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Kafka's topic name rules", () => {
  assert.equal(invalidTopicName('orders.v1_x-y'), null);
  assert.match(invalidTopicName('')!, /can't be empty/);
  assert.match(invalidTopicName('..')!, /cannot be "." or ".."/);
  assert.match(invalidTopicName('a'.repeat(250))!, /longer than 249/);
  assert.match(invalidTopicName('bad name!')!, /contains a character other than ASCII alphanumerics/);
});
