/**
 * The end-to-end check shared by the client tests: what a client read back from a topic is
 * exactly what was produced — every record once, offsets 0..n-1 per partition, send order kept per
 * partition, keys, values and headers intact, keys on their murmur2 partition — and the same
 * bytes decode identically through an independent raw Fetch.
 */
import assert from 'node:assert/strict';
import { partitionForKey } from './murmur2.js';
import { RawClient, readPartition } from './raw-client.js';

/** A produced record; its `seq` header (a number in send order) identifies it when read back. */
export interface SentRecord { seq: number; key: string | null; value: string; headers: Record<string, string>; acks: number }

/** A record as a client read it, mapped to plain strings by the caller. */
export interface ReadRecord { offset: number; key: string | null; value: string | null; headers: Record<string, string> }

const str = (b: Buffer | null): string | null => (b === null ? null : b.toString());

export async function assertReadBack(
  bootstrap: string, topic: string, partitions: number, sent: readonly SentRecord[], read: ReadonlyMap<number, readonly ReadRecord[]>,
): Promise<void> {
  const bySeq = new Map(sent.map((s) => [s.seq, s]));
  assert.deepEqual([...read.keys()].sort(), Array.from({ length: partitions }, (_, i) => i));
  let total = 0;
  const raw = await RawClient.connect(bootstrap);
  try {
    for (const [partition, records] of read) {
      total += records.length;
      assert.deepEqual(records.map((r) => r.offset), records.map((_, i) => i), `offsets of partition ${partition} are 0..n-1`);
      let last = 0;
      for (const r of records) {
        const s = bySeq.get(Number(r.headers.seq));
        assert.ok(s, `record ${partition}@${r.offset} was produced`);
        assert.ok(s.seq > last, `partition ${partition} keeps send order`);
        last = s.seq;
        assert.equal(r.key, s.key);
        assert.equal(r.value, s.value);
        assert.deepEqual(r.headers, s.headers);
        if (s.key !== null) assert.equal(partition, partitionForKey(s.key, partitions), `key ${s.key} is on its murmur2 partition`);
      }
      // The same bytes through an independent decoder.
      const viaRaw = await readPartition(raw, topic, partition);
      assert.deepEqual(viaRaw.map((r) => [r.offset, str(r.key), str(r.value)]), records.map((r) => [r.offset, r.key, r.value]));
    }
  } finally {
    raw.close();
  }
  assert.equal(total, sent.length, 'every record, including the acks=0 ones, is there exactly once');
}
