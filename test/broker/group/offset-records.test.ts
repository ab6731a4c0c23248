// The __consumer_offsets record formats (Kafka's own), checked against hand-assembled bytes, and
// the group -> partition mapping, which must match Kafka's Utils.abs(hashCode) for negative hashes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeGroupValue, decodeKey, decodeOffsetValue, encodeGroupKey, encodeGroupValue, encodeOffsetKey, encodeOffsetValue,
  javaStringHashCode, partitionForGroup, type GroupValue,
} from '../../../broker/group/offset-records.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/[\s|]/g, ''), 'hex');

describe('__consumer_offsets record formats', () => {
  it('OffsetCommitKey v1 and OffsetCommitValue v3, byte for byte', () => {
    const key = encodeOffsetKey('g', 't', 3);
    //                  version | group "g" | topic "t" | partition 3
    assert.deepEqual(key, hex('0001 | 0001 67 | 0001 74 | 00000003'));
    assert.deepEqual(decodeKey(key), { kind: 'offset', group: 'g', topic: 't', partition: 3 });
    const value = encodeOffsetValue({ offset: 5, leaderEpoch: 2, metadata: 'm', commitTimestamp: 1000, expireTimestamp: null });
    //                    version | offset 5          | epoch 2  | metadata "m" | commit timestamp 1000
    assert.deepEqual(value, hex('0003 | 0000000000000005 | 00000002 | 0001 6d | 00000000000003e8'));
    assert.deepEqual(decodeOffsetValue(value), { offset: 5, leaderEpoch: 2, metadata: 'm', commitTimestamp: 1000, expireTimestamp: null });
  });

  it('GroupMetadataKey v2 and GroupMetadataValue v3, byte for byte', () => {
    assert.deepEqual(encodeGroupKey('g'), hex('0002 | 0001 67'));
    assert.deepEqual(decodeKey(hex('0002 0001 67')), { kind: 'group', group: 'g' });
    const v: GroupValue = {
      protocolType: 'consumer', generation: 7, protocol: 'range', leader: 'm1', currentStateTimestamp: 4096,
      members: [{ memberId: 'm1', groupInstanceId: null, clientId: 'c', clientHost: '/h', rebalanceTimeout: 300, sessionTimeout: 100, subscription: hex('aa'), assignment: hex('bbcc') }],
    };
    const expected = hex([
      '0003',                        // version
      '0008 636f6e73756d6572',       // protocol type "consumer"
      '00000007',                    // generation
      '0005 72616e6765',             // protocol "range"
      '0002 6d31',                   // leader "m1"
      '0000000000001000',            // current state timestamp 4096
      '00000001',                    // one member
      '0002 6d31',                   //   member id "m1"
      'ffff',                        //   group instance id null
      '0001 63',                     //   client id "c"
      '0002 2f68',                   //   client host "/h"
      '0000012c',                    //   rebalance timeout 300
      '00000064',                    //   session timeout 100
      '00000001 aa',                 //   subscription
      '00000002 bbcc',               //   assignment
    ].join(''));
    assert.deepEqual(encodeGroupValue(v), expected);
    assert.deepEqual(decodeGroupValue(expected), v);
  });

  it('round-trips nulls, the v1 value with an expire timestamp, and reads older value versions', () => {
    const empty: GroupValue = { protocolType: 'connect', generation: 3, protocol: null, leader: null, currentStateTimestamp: -1, members: [] };
    assert.deepEqual(decodeGroupValue(encodeGroupValue(empty)), empty);
    const withInstance: GroupValue = { ...empty, protocol: 'p', leader: 'a', members: [{ memberId: 'a', groupInstanceId: 'i', clientId: '', clientHost: '', rebalanceTimeout: 1, sessionTimeout: 2, subscription: Buffer.alloc(0), assignment: Buffer.alloc(0) }] };
    assert.deepEqual(decodeGroupValue(encodeGroupValue(withInstance)), withInstance);

    const v1 = encodeOffsetValue({ offset: 9, leaderEpoch: 4, metadata: 'x', commitTimestamp: 10, expireTimestamp: 20 });
    assert.equal(v1.readInt16BE(0), 1, 'a commit with a retention time is written as value v1, as Kafka does');
    assert.deepEqual(decodeOffsetValue(v1), { offset: 9, leaderEpoch: -1, metadata: 'x', commitTimestamp: 10, expireTimestamp: 20 });
    // v0 offset value: offset, metadata, commit timestamp.
    assert.deepEqual(decodeOffsetValue(hex('0000 000000000000000a 0000 0000000000000001')), { offset: 10, leaderEpoch: -1, metadata: '', commitTimestamp: 1, expireTimestamp: null });
    // v0 group value: no state timestamp, no instance id, no rebalance timeout (taken as the session timeout).
    const g0 = decodeGroupValue(hex('0000 0001 63 00000002 ffff ffff 00000001 0001 61 0001 63 0001 68 00000064 00000000 00000000'));
    assert.deepEqual(g0, { protocolType: 'c', generation: 2, protocol: null, leader: null, currentStateTimestamp: -1, members: [{ memberId: 'a', groupInstanceId: null, clientId: 'c', clientHost: 'h', rebalanceTimeout: 100, sessionTimeout: 100, subscription: Buffer.alloc(0), assignment: Buffer.alloc(0) }] });
    assert.equal(decodeKey(hex('0003 0001 67')), null, 'key versions of newer record types are not ours');
  });

  it('groups map to partitions as Kafka maps them: Utils.abs(String.hashCode) % partitions', () => {
    assert.equal(javaStringHashCode('hello'), 99162322);
    assert.equal(javaStringHashCode('Hello World'), -862545276);
    assert.equal(javaStringHashCode('polygenelubricants'), -2147483648);
    assert.equal(javaStringHashCode('é€'), 233 * 31 + 0x20ac, 'UTF-16 code units');
    assert.equal(partitionForGroup('hello', 50), 22);
    // 862545276 % 50 = 26; masking with 0x7fffffff would give 1284938372 % 50 = 22.
    assert.equal(partitionForGroup('Hello World', 50), 26);
    assert.equal(partitionForGroup('polygenelubricants', 50), 0, 'Utils.abs(Integer.MIN_VALUE) is 0');
    assert.equal(partitionForGroup('my-group', 50), 12);
  });
});
