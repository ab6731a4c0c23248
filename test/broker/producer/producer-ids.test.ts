// Producer id allocation (durable blocks, unique across restarts) and InitProducerId's epoch bumps.
import { afterEach, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  EXHAUSTED_EPOCH, IdempotentProducerIds, PRODUCER_ID_BLOCK_FILE, PRODUCER_ID_BLOCK_SIZE, ProducerIdBlockAllocator,
} from '../../../broker/producers/producer-ids.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-pid-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ProducerIdBlockAllocator', () => {
  test('hands out ids from reserved blocks, never 0, unique across restarts', () => {
    const seen = new Set<number>();
    for (let restart = 0; restart < 4; restart++) {
      const a = new ProducerIdBlockAllocator(dir);
      for (let i = 0; i < 5; i++) {
        const id = a.generate();
        assert.ok(id > 0);
        assert.ok(!seen.has(id), `id ${id} handed out twice`);
        seen.add(id);
      }
      const stored = JSON.parse(fs.readFileSync(path.join(dir, PRODUCER_ID_BLOCK_FILE), 'utf8')) as { nextBlockStart: number };
      assert.equal(stored.nextBlockStart, (restart + 1) * PRODUCER_ID_BLOCK_SIZE, 'the block is reserved before use');
    }
    assert.deepEqual([...seen].slice(0, 6), [1, 2, 3, 4, 5, 1000]);
  });

  test('reserves the next block when one runs out', () => {
    const a = new ProducerIdBlockAllocator(dir, 3);
    assert.deepEqual(Array.from({ length: 7 }, () => a.generate()), [1, 2, 3, 4, 5, 6, 7]);
    const b = new ProducerIdBlockAllocator(dir, 3);
    assert.equal(b.generate(), 9);
  });

  test('a damaged block file is an error, not a reuse of ids', () => {
    fs.writeFileSync(path.join(dir, PRODUCER_ID_BLOCK_FILE), '{"nextBlock');
    assert.throws(() => new ProducerIdBlockAllocator(dir).generate(), /producer-id-block\.json is damaged/);
  });
});

describe('IdempotentProducerIds', () => {
  const DAY = 86_400_000;
  const T = 1_800_000_000_000;

  test('a new producer gets a new id with epoch 0; an unknown expected id too (Kafka: always a new id)', () => {
    const ids = new IdempotentProducerIds(new ProducerIdBlockAllocator(dir), DAY);
    const a = ids.init(null, T);
    const b = ids.init(null, T);
    assert.deepEqual([a.error, a.producerEpoch, b.producerEpoch], ['NONE', 0, 0]);
    assert.notEqual(a.producerId, b.producerId);
    // @platformatic/kafka's first request carries producer id 0, epoch 0.
    const c = ids.init({ producerId: 0, producerEpoch: 0 }, T);
    assert.equal(c.producerEpoch, 0);
    assert.ok(![0, a.producerId, b.producerId].includes(c.producerId));
  });

  test('epoch bump: the current epoch gets epoch + 1; a retry with the previous epoch gets the current; others are fenced', () => {
    const ids = new IdempotentProducerIds(new ProducerIdBlockAllocator(dir), DAY);
    const { producerId } = ids.init(null, T);
    assert.deepEqual(ids.init({ producerId, producerEpoch: 0 }, T), { error: 'NONE', producerId, producerEpoch: 1 });
    assert.deepEqual(ids.init({ producerId, producerEpoch: 1 }, T), { error: 'NONE', producerId, producerEpoch: 2 });
    assert.deepEqual(ids.init({ producerId, producerEpoch: 1 }, T), { error: 'NONE', producerId, producerEpoch: 2 }, 'a retry');
    const fenced = ids.init({ producerId, producerEpoch: 0 }, T);
    assert.equal(fenced.error, 'PRODUCER_FENCED');
    assert.match(fenced.reason!, /has epoch 2, the request expected 0/);
    assert.equal(ids.init({ producerId, producerEpoch: 7 }, T).error, 'PRODUCER_FENCED');
  });

  test('an exhausted epoch moves the producer to a new id; a retry gets the same new id', () => {
    const ids = new IdempotentProducerIds(new ProducerIdBlockAllocator(dir), DAY);
    const { producerId } = ids.init(null, T);
    let epoch = 0;
    while (epoch < EXHAUSTED_EPOCH) {
      const r = ids.init({ producerId, producerEpoch: epoch }, T);
      assert.equal(r.producerId, producerId);
      epoch = r.producerEpoch;
    }
    assert.equal(epoch, 32766);
    const rotated = ids.init({ producerId, producerEpoch: epoch }, T);
    assert.equal(rotated.producerEpoch, 0);
    assert.notEqual(rotated.producerId, producerId);
    assert.deepEqual(ids.init({ producerId, producerEpoch: epoch }, T), rotated);
    assert.deepEqual(ids.init({ producerId: rotated.producerId, producerEpoch: 0 }, T), { error: 'NONE', producerId: rotated.producerId, producerEpoch: 1 });
    assert.equal(ids.init({ producerId, producerEpoch: epoch }, T).error, 'PRODUCER_FENCED');
  });

  test('ids not used for producer.id.expiration.ms, or beyond the tracking limit, get a new id', () => {
    const ids = new IdempotentProducerIds(new ProducerIdBlockAllocator(dir), DAY, 3);
    const old = ids.init(null, T);
    const later = ids.init({ producerId: old.producerId, producerEpoch: 0 }, T + DAY + 1);
    assert.notEqual(later.producerId, old.producerId);
    const a = ids.init(null, T + DAY + 2);
    for (let i = 0; i < 3; i++) ids.init(null, T + DAY + 3);
    const r = ids.init({ producerId: a.producerId, producerEpoch: 0 }, T + DAY + 5);
    assert.notEqual(r.producerId, a.producerId, 'evicted: three newer ids pushed it out');
  });
});
