// The tail against a scripted client: records applied in order and once, compacted gaps and
// control batches skipped, a moved log start followed, failures retried, waiters released.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Consumer } from '@platformatic/kafka';
import { silentLogger } from '../../../registry/logger.js';
import { Tail } from '../../../registry/storage/tail.js';

interface Batch { firstOffset: bigint; lastOffsetDelta: number; attributes?: number; records: { offsetDelta: number; key: string }[] }
type Answer = { errorCode?: number; logStartOffset?: bigint; batches?: Batch[] } | Error;

/** A client whose Fetch answers come from `script` (then empty answers), recording fetch offsets. */
function scripted(script: Answer[]): { consumer: Consumer; offsets: bigint[] } {
  const offsets: bigint[] = [];
  const consumer = {
    metadata: async () => ({ topics: new Map([['_schemas', { id: 'tid', partitions: [{ leader: 1 }] }]]) }),
    fetch: async (o: { topics: { partitions: { fetchOffset: bigint }[] }[] }) => {
      offsets.push(o.topics[0]!.partitions[0]!.fetchOffset);
      const a = script.shift() ?? {};
      if (a instanceof Error) throw a;
      await new Promise((r) => setTimeout(r, 1));
      return {
        responses: [{ partitions: [{
          errorCode: a.errorCode ?? 0, highWatermark: 0n, logStartOffset: a.logStartOffset ?? 0n,
          records: (a.batches ?? []).map((b) => ({
            firstOffset: b.firstOffset, lastOffsetDelta: b.lastOffsetDelta, attributes: b.attributes ?? 0,
            records: b.records.map((r) => ({ offsetDelta: r.offsetDelta, key: Buffer.from(r.key), value: null })),
          })),
        }] }],
      };
    },
  } as unknown as Consumer;
  return { consumer, offsets };
}

it('applies records in order, skips compacted gaps and control batches, and follows a moved log start', async () => {
  const { consumer, offsets } = scripted([
    { batches: [{ firstOffset: 0n, lastOffsetDelta: 4, records: [{ offsetDelta: 0, key: 'a' }, { offsetDelta: 3, key: 'b' }] }] },
    { batches: [{ firstOffset: 5n, lastOffsetDelta: 0, attributes: 0x20, records: [{ offsetDelta: 0, key: 'control' }] }] },
    new Error('connection reset'),
    { batches: [{ firstOffset: 4n, lastOffsetDelta: 3, records: [{ offsetDelta: 0, key: 'old' }, { offsetDelta: 2, key: 'c' }] }] },
    { errorCode: 1, logStartOffset: 20n },
    { batches: [{ firstOffset: 20n, lastOffsetDelta: 0, records: [{ offsetDelta: 0, key: 'd' }] }] },
  ]);
  const applied: string[] = [];
  const tail = new Tail({ consumer, topic: '_schemas', log: silentLogger, apply: (offset, key) => applied.push(`${offset}:${key!.toString()}`) });
  const reached = tail.waitUntil(21n);
  tail.start();
  await reached;
  await tail.stop();
  assert.deepEqual(applied, ['0:a', '3:b', '6:c', '20:d']);
  assert.deepEqual(offsets.slice(0, 6), [0n, 5n, 6n, 6n, 8n, 20n]);
  assert.equal(tail.position, 21n);
  assert.equal(await Promise.race([tail.waitUntil(3n).then(() => 'now'), new Promise((r) => setTimeout(() => r('later'), 5))]), 'now');
});
