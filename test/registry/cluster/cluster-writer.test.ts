// Routing writes: to the local writer on the leader, forwarded elsewhere (method, path, body as
// Confluent's REST API has them), waiting for an election, never forwarding a forwarded write.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterWriter } from '../../../registry/cluster/cluster-writer.js';
import { forwardedRequest, type Forwarder } from '../../../registry/cluster/forward.js';
import type { LocalWriter } from '../../../registry/service/local-writer.js';
import { rejectsWith } from '../../helpers/registry-writer.js';

const leaderAt = (port: number) => ({ error: 0, leaderMemberId: 'm', leader: { host: '10.0.0.1', port, leaderEligibility: true, scheme: 'http' } });

function setup(waitMs = 50) {
  const calls: unknown[][] = [];
  const local = {
    register: async () => ({ id: 7 }), deleteVersion: async () => 1, deleteSubject: async () => [1],
    setConfig: async (_s: unknown, u: unknown) => u, deleteConfig: async () => ({}), setMode: async (_s: unknown, m: unknown) => m, deleteMode: async () => 'READWRITE',
  } as unknown as LocalWriter;
  const forwarder = { call: async (...args: unknown[]) => { calls.push(args); return args[1] === 'PUT' && String(args[2]).startsWith('/mode') ? { mode: 'IMPORT' } : { id: 9 }; } } as unknown as Forwarder;
  return { writer: new ClusterWriter(local, forwarder, waitMs), calls };
}

it('writes locally on the leader and forwards to the leader\'s REST API elsewhere', async () => {
  const { writer, calls } = setup();
  writer.update(leaderAt(8081), true);
  assert.equal(writer.leader, 'self');
  assert.deepEqual(await writer.register('s', { schema: '"int"', references: [] }, false), { id: 7 });
  assert.equal(calls.length, 0);
  writer.update(leaderAt(8081), false);
  assert.equal(writer.leader, 'http://10.0.0.1:8081');
  assert.deepEqual(await writer.register('a/b', { schema: '"int"', references: [] }, true), { id: 9 });
  await writer.deleteVersion('s', 'latest', true);
  await writer.deleteSubject('s', false);
  await writer.setConfig(null, { compatibility: 'FULL' });
  await writer.deleteConfig('s');
  assert.equal(await writer.setMode('s', 'IMPORT', true), 'IMPORT');
  assert.deepEqual(calls, [
    ['http://10.0.0.1:8081', 'POST', '/subjects/a%2Fb/versions?normalize=true', { schema: '"int"', references: [] }],
    ['http://10.0.0.1:8081', 'DELETE', '/subjects/s/versions/latest?permanent=true', undefined],
    ['http://10.0.0.1:8081', 'DELETE', '/subjects/s', undefined],
    ['http://10.0.0.1:8081', 'PUT', '/config', { compatibility: 'FULL' }],
    ['http://10.0.0.1:8081', 'DELETE', '/config/s', undefined],
    ['http://10.0.0.1:8081', 'PUT', '/mode/s?force=true', { mode: 'IMPORT' }],
  ]);
});

it('waits for an election, then fails with 50004 when none finished', async () => {
  const { writer } = setup(100);
  const pending = writer.register('s', { schema: '"int"', references: [] }, false);
  setTimeout(() => writer.update(leaderAt(1), true), 20);
  assert.deepEqual(await pending, { id: 7 });
  writer.update(null, false);
  await rejectsWith(writer.deleteSubject('s', false), 50004, /No leader is known/);
  writer.update({ error: 1, leaderMemberId: null, leader: null }, false);
  await rejectsWith(writer.deleteSubject('s', false), 50004);
});

it('refuses to forward a write that was forwarded here (50003)', async () => {
  const { writer, calls } = setup();
  writer.update(leaderAt(2), false);
  await forwardedRequest.run(true, () => rejectsWith(writer.deleteSubject('s', false), 50003, /not the leader any more/));
  assert.equal(calls.length, 0);
});
