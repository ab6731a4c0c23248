// Writes that reach a worker which is not the group's leader are forwarded to the leader's REST
// API (its answer passed back unchanged); with no leader known they answer 409. Reads are local.
// Two workers share one set of in-memory stores here; the second one's membership says the first
// is the leader and assigns it nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryConfigStore, MemoryOffsetStore, MemoryStatusStore } from '../../../runtime/storage/index.js';
import type { ConnectWorker } from '../../../runtime/worker/connect-worker.js';
import { StandaloneMembership, type WorkerMembership } from '../../../runtime/worker/membership.js';
import { api, awaitState, testBroker, testWorker, type TestBroker } from '../worker/worker-helper.js';

class Follower extends StandaloneMembership implements WorkerMembership {
  leader: string | null = null;
  override isLeader(): boolean {
    return false;
  }
  override leaderUrl(): string | null {
    return this.leader;
  }
  override assignment() {
    return { connectors: [], tasks: [] };
  }
}

describe('forwarding writes to the leader', () => {
  let b: TestBroker;
  let leader: ConnectWorker;
  let follower: ConnectWorker;
  let membership: Follower;
  before(async () => {
    b = await testBroker();
    const stores = { configs: new MemoryConfigStore(), offsets: new MemoryOffsetStore(), statuses: new MemoryStatusStore() };
    leader = await testWorker(b.bootstrap, {}, { stores });
    follower = await (await import('../../../runtime/worker/connect-worker.js')).ConnectWorker.start({
      settings: { 'bootstrap.servers': b.bootstrap, listeners: 'http://127.0.0.1:0', 'storage.mode': 'memory' },
      connectorPlugins: (await import('../worker/worker-helper.js')).allPlugins,
      stores,
      membership: (id) => (membership = new Follower(id)),
      loggers: (await import('../../../runtime/worker/logger.js')).silentLoggers(),
    });
  });
  after(async () => {
    await follower.close();
    await leader.close();
    await b.close();
  });

  test('no leader known: 409 with Connect\'s message; reads still answer', async () => {
    const r = await api(follower.url, 'POST', '/connectors', { name: 'f1', config: { 'connector.class': 'ListSource', topic: 't', values: 'a' } });
    assert.equal(r.status, 409);
    assert.match(r.body.message, /^Cannot complete request momentarily/);
    assert.equal((await api(follower.url, 'GET', '/connectors')).status, 200);
  });

  test('a write to the follower is made by the leader; answers pass through', async () => {
    membership.leader = leader.url;
    const r = await api(follower.url, 'POST', '/connectors', { name: 'f1', config: { 'connector.class': 'ListSource', topic: 't', values: 'a' } });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('location'), '/connectors/f1');
    assert.equal(r.body.name, 'f1');
    await awaitState(leader.url, 'f1', 'RUNNING', 1);
    assert.deepEqual((await api(follower.url, 'GET', '/connectors')).body, ['f1']);
    const conflict = await api(follower.url, 'POST', '/connectors', { name: 'f1', config: { 'connector.class': 'ListSource', topic: 't' } });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.message, 'Connector f1 already exists');
    assert.equal((await api(follower.url, 'PUT', '/connectors/f1/pause')).status, 202);
    await awaitState(leader.url, 'f1', 'PAUSED', 1);
    assert.equal((await api(follower.url, 'DELETE', '/connectors/f1')).status, 204);
    assert.deepEqual((await api(leader.url, 'GET', '/connectors')).body, []);
  });
});
