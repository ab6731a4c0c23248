// @platformatic/kafka consumer groups (Consumer.consume with a groupId) against an in-process
// broker: three members in child processes share a 6-partition topic, one is killed, one leaves;
// partitions move, nothing is skipped, only uncommitted records are processed again
// (group-scenario.ts).
import { after, before, describe, it } from 'node:test';
import type { Broker } from '../../../broker/broker.js';
import { removeDir, startBroker, uniqueTopic } from '../../helpers/broker.js';
import { runGroupScenario } from './group-scenario.js';

describe('@platformatic/kafka consumer group', () => {
  let broker: Broker;
  let dir: string;

  before(async () => {
    ({ broker, dir } = await startBroker({ settings: { 'group.initial.rebalance.delay.ms': '0' } }));
  });

  after(async () => {
    await broker.close();
    removeDir(dir);
  });

  it('three members share six partitions; a killed and a leaving member hand theirs over with no record skipped', async () => {
    await runGroupScenario('platformatic', broker, uniqueTopic('plt-group'), 'plt-group');
  });
});
