// The election protocol's data: Confluent's JSON for identities and assignments, and the
// choice of the leader (eligible, smallest member id, sticky, no duplicate URLs).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assign, decodeAssignment, decodeIdentity, DUPLICATE_URLS, encodeAssignment, encodeIdentity, identityUrl, type Identity } from '../../../registry/cluster/protocol.js';

const id = (port: number, leaderEligibility = true): Identity => ({ host: 'h', port, leaderEligibility, scheme: 'http' });
const member = (memberId: string, i: Identity) => ({ memberId, metadata: encodeIdentity(i) });

it('encodes identities and assignments as Confluent does', () => {
  assert.deepEqual(JSON.parse(encodeIdentity(id(8081)).toString()), { version: 1, host: 'h', port: 8081, master_eligibility: true, scheme: 'http' });
  assert.deepEqual(decodeIdentity(Buffer.from('{"version":1,"host":"a","port":1,"master_eligibility":false}')), { host: 'a', port: 1, leaderEligibility: false, scheme: 'http' });
  assert.equal(decodeIdentity(Buffer.from('nope')), null);
  const a = { error: 0, leaderMemberId: 'm1', leader: id(8081) };
  assert.deepEqual(JSON.parse(encodeAssignment(a).toString()), { version: 1, error: 0, master: 'm1', master_identity: { version: 1, host: 'h', port: 8081, master_eligibility: true, scheme: 'http' } });
  assert.deepEqual(decodeAssignment(encodeAssignment(a)), a);
  assert.equal(identityUrl(a.leader), 'http://h:8081');
});

it('picks the eligible member with the smallest id, keeps a current leader, refuses duplicate URLs', () => {
  assert.equal(assign([member('b', id(2)), member('a', id(1))], null).leaderMemberId, 'a');
  assert.equal(assign([member('b', id(2)), member('a', id(1, false))], null).leaderMemberId, 'b');
  assert.equal(assign([member('b', id(2)), member('a', id(1))], 'http://h:2').leaderMemberId, 'b', 'sticky');
  assert.deepEqual(assign([member('a', id(1, false))], null), { error: 0, leaderMemberId: null, leader: null });
  assert.equal(assign([member('a', id(1)), member('b', id(1))], null).error, DUPLICATE_URLS);
});
