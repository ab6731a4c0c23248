// Several registry instances on one broker: one leader elected through the broker's group
// protocol, writes on followers forwarded to it, the same state everywhere, failover when the
// leader leaves, and the errors when no leader can be reached.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Broker } from '../../../broker/broker.js';
import type { Registry } from '../../../registry/server.js';
import { removeDir, sleep, startBroker } from '../../helpers/broker.js';
import { api, avroRecord, BROKER_SETTINGS, startRegistry } from '../../helpers/registry.js';

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('registry group', () => {
  let broker: Broker;
  let dir: string;
  const running = new Set<Registry>();
  const start = async (settings: Record<string, string> = {}): Promise<Registry> => {
    const r = await startRegistry(broker.bootstrap, { 'schema.registry.group.id': group, 'kafkastore.topic': `_schemas-${group}`, ...settings });
    running.add(r);
    return r;
  };
  const stop = async (r: Registry): Promise<void> => { running.delete(r); await r.close(); };
  let group = 'sr-a';

  before(async () => { ({ broker, dir } = await startBroker({ settings: { ...BROKER_SETTINGS, 'group.min.session.timeout.ms': '500' } })); });
  after(async () => {
    for (const r of running) await r.close();
    await broker.close();
    removeDir(dir);
  });

  it('elects one leader; a follower forwards writes to it and both answer the same', async () => {
    group = 'sr-forward';
    const one = await start();
    assert.equal(one.leader, 'self');
    const two = await start();
    await until('both instances to agree on the leader', () => one.leader === 'self' && two.leader === one.url);
    const viaFollower = await api(two.url).post('/subjects/s/versions', { schema: avroRecord('A', ['a']) });
    assert.deepEqual(viaFollower.body, { id: 1 });
    assert.equal(one.store.latest('s')?.id, 1, 'the leader wrote it');
    assert.equal(two.store.latest('s')?.id, 1, 'the follower answered after reading it back');
    const refused = await api(two.url).post('/subjects/s/versions', { schema: avroRecord('A', ['a', 'b']) });
    assert.equal(refused.status, 409, 'the leader\'s error comes back unchanged');
    assert.equal(refused.body.error_code, 409);
    assert.deepEqual((await api(two.url).put('/config/s', { compatibility: 'NONE' })).body, { compatibility: 'NONE' });
    assert.deepEqual((await api(two.url).put('/mode/s?force=true', { mode: 'READWRITE' })).body, { mode: 'READWRITE' });
    assert.deepEqual((await api(two.url).post('/subjects/s/versions', { schema: avroRecord('A', ['a', 'b']) })).body, { id: 2 });
    assert.deepEqual((await api(two.url).del('/subjects/s/versions/2')).body, 2);
    assert.deepEqual((await api(two.url).del('/subjects/s')).body, [1]);
    assert.deepEqual((await api(two.url).del('/config/s')).body, { compatibilityLevel: 'NONE' });
    assert.deepEqual((await api(two.url).del('/mode/s')).body, { mode: 'READWRITE' });
    await until('the leader to read everything', () => JSON.stringify(one.store.snapshot()) === JSON.stringify(two.store.snapshot()));
    await stop(one);
    await stop(two);
  });

  it('moves leadership to another instance when the leader leaves; writes go on', async () => {
    group = 'sr-failover';
    const one = await start();
    const two = await start();
    await until('an agreed leader', () => one.leader === 'self' && two.leader === one.url);
    await api(one.url).post('/subjects/f/versions', { schema: avroRecord('F', ['a']) });
    await stop(one);
    await until('the follower to take over', () => two.leader === 'self');
    assert.deepEqual((await api(two.url).post('/subjects/f/versions', { schema: avroRecord('F', ['a'], ['b']) })).body, { id: 2 });
    const three = await start();
    await until('the newcomer to follow the sticky leader', () => three.leader === two.url && two.leader === 'self');
    assert.deepEqual((await api(three.url).get('/subjects/f/versions')).body, [1, 2]);
    await stop(two);
    await stop(three);
  });

  it('replaces a leader that crashed (no LeaveGroup) after its session timeout', async () => {
    group = 'sr-crash';
    const main = fileURLToPath(new URL('../../../cli/main.js', import.meta.url));
    const child = spawn(process.execPath, [main, 'registry', '--bootstrap-server', broker.bootstrap, '--override', 'listeners=http://127.0.0.1:0',
      '--override', 'host.name=127.0.0.1', '--override', `schema.registry.group.id=${group}`, '--override', `kafkastore.topic=_schemas-${group}`,
      '--override', 'kafkagroup.session.timeout.ms=1000', '--override', 'kafkagroup.heartbeat.interval.ms=100'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => { out += d.toString(); const m = /listening on (\S+),/.exec(out); if (m) resolve(m[1]!); });
        child.once('exit', (code) => reject(new Error(`registry child exited with ${code}`)));
      });
      const follower = await start({ 'kafkagroup.session.timeout.ms': '1000' });
      await until('the child to lead', () => follower.leader === url);
      assert.deepEqual((await api(follower.url).post('/subjects/c/versions', { schema: avroRecord('C', ['a']) })).body, { id: 1 });
      child.kill('SIGKILL');
      const killed = Date.now();
      await until('the follower to take over', () => follower.leader === 'self');
      assert.ok(Date.now() - killed < 8000, `took ${Date.now() - killed} ms`);
      assert.deepEqual((await api(follower.url).post('/subjects/c/versions', { schema: avroRecord('C', ['a'], ['b']) })).body, { id: 2 });
      await stop(follower);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('never makes a non-eligible instance leader; its writes are forwarded', async () => {
    group = 'sr-eligibility';
    const follower = await start({ 'leader.eligibility': 'false', 'kafkagroup.session.timeout.ms': '1000' });
    assert.equal(follower.leader, null);
    const w = await api(follower.url).post('/subjects/e/versions', { schema: avroRecord('E', ['a']) });
    assert.equal(w.status, 500);
    assert.equal(w.body.error_code, 50004, 'no eligible leader yet');
    assert.ok(follower.store.hasSubject('e') === false);
    const leader = await start();
    await until('the eligible instance to lead', () => leader.leader === 'self' && follower.leader === leader.url);
    assert.deepEqual((await api(follower.url).post('/subjects/e/versions', { schema: avroRecord('E', ['a']) })).body, { id: 1 });
    await stop(follower);
    await stop(leader);
  });

  it('answers 50003 when the leader cannot be reached', async () => {
    group = 'sr-unreachable';
    const leader = await start({ 'host.name': 'nowhere.invalid' });
    const follower = await start({ 'leader.eligibility': 'false', 'kafkastore.timeout.ms': '500' });
    await until('the follower to know the leader', () => follower.leader !== null);
    const r = await api(follower.url).post('/subjects/u/versions', { schema: avroRecord('U', ['a']) });
    assert.equal(r.status, 500);
    assert.equal(r.body.error_code, 50003);
    assert.match(r.body.message, /forwarding the request to the leader at http:\/\/nowhere\.invalid:\d+/);
    assert.deepEqual((await api(leader.url).get('/subjects')).body, [], 'nothing was written');
    await stop(follower);
    await stop(leader);
  });
});
