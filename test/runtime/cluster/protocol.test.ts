// The JSON the workers exchange through the group protocol: round trips, and what a member
// does with bytes that are not ours.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIG_MISMATCH, decodeAssignment, decodeMetadata, encodeAssignment, encodeMetadata, PROTOCOL_TYPE, taskKey } from '../../../runtime/cluster/protocol.js';

describe('worker group protocol', () => {
  it('is Kafka Connect\'s protocol type', () => {
    assert.equal(PROTOCOL_TYPE, 'connect');
  });

  it('round-trips member metadata', () => {
    const m = { url: 'http://w1:8083', configOffset: 42, connectors: ['a'], tasks: [{ connector: 'a', task: 0 }, { connector: 'b-1', task: 3 }] };
    const bytes = encodeMetadata(m);
    assert.deepEqual(JSON.parse(bytes.toString()), { version: 1, ...m });
    assert.deepEqual(decodeMetadata(bytes), m);
  });

  it('reads no metadata from foreign or broken bytes', () => {
    assert.equal(decodeMetadata(null), null);
    assert.equal(decodeMetadata(Buffer.from([0, 1, 0, 0, 0, 3])), null, 'Connect\'s binary metadata');
    assert.equal(decodeMetadata(Buffer.from('{"url":"x"}')), null);
    assert.deepEqual(decodeMetadata(Buffer.from('{"url":"x","configOffset":1,"tasks":[{"connector":"a"},"junk",{"connector":"a","task":1}]}')),
      { url: 'x', configOffset: 1, connectors: [], tasks: [{ connector: 'a', task: 1 }] });
  });

  it('round-trips assignments; an empty one means no work', () => {
    const a = { error: CONFIG_MISMATCH, leader: 'm-1', leaderUrl: 'http://w1:8083', configOffset: 7, generation: 3, connectors: ['a'], tasks: [{ connector: 'a', task: 0 }], rejoin: true };
    assert.deepEqual(decodeAssignment(encodeAssignment(a)), a);
    assert.deepEqual(decodeAssignment(Buffer.alloc(0)), { error: 0, leader: '', leaderUrl: '', configOffset: -1, generation: -1, rejoin: false, connectors: [], tasks: [] });
  });

  it('names tasks as Connect prints them', () => {
    assert.equal(taskKey({ connector: 'my-conn', task: 2 }), 'my-conn-2');
  });
});
