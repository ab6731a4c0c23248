/**
 * One group consumer (kafkajs or @platformatic/kafka) in its own process, so that the integration
 * tests can kill a member outright (SIGKILL: no LeaveGroup, no more heartbeats). Started with
 * fork(); argv[2] is a ChildConfig as JSON. It reports ChildEvents over IPC and, on a 'stop'
 * message, leaves the group cleanly and exits.
 *
 * Processing rule: each record is reported, then offset+1 is committed (and reported once the
 * commit succeeded) unless the record's value starts with "nocommit".
 */
import { Consumer, stringDeserializers } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';

export interface ChildConfig {
  lib: 'kafkajs' | 'platformatic';
  bootstrap: string;
  groupId: string;
  topic: string;
  name: string;
}

export type ChildEvent =
  | { type: 'assigned'; memberId: string; partitions: number[] }
  | { type: 'record'; partition: number; offset: number; value: string }
  | { type: 'committed'; partition: number; offset: number }
  | { type: 'stopped' }
  | { type: 'error'; message: string };

const SESSION_TIMEOUT_MS = 6000;
const REBALANCE_TIMEOUT_MS = 15_000;
const HEARTBEAT_INTERVAL_MS = 500;
const MAX_WAIT_MS = 100;

function send(e: ChildEvent, then?: () => void): void {
  if (process.connected) process.send!(e, undefined, {}, () => then?.());
  else then?.();
}

async function kafkajsConsumer(cfg: ChildConfig): Promise<() => Promise<void>> {
  const kafka = new Kafka({ clientId: cfg.name, brokers: [cfg.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 1000 } });
  const consumer = kafka.consumer({
    groupId: cfg.groupId, sessionTimeout: SESSION_TIMEOUT_MS, rebalanceTimeout: REBALANCE_TIMEOUT_MS,
    heartbeatInterval: HEARTBEAT_INTERVAL_MS, maxWaitTimeInMs: MAX_WAIT_MS,
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    send({ type: 'assigned', memberId: payload.memberId, partitions: [...(payload.memberAssignment[cfg.topic] ?? [])].sort((a, b) => a - b) });
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => send({ type: 'error', message: String(payload.error) }));
  await consumer.connect();
  await consumer.subscribe({ topics: [cfg.topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const offset = Number(message.offset);
      const value = message.value?.toString() ?? '';
      send({ type: 'record', partition, offset, value });
      if (value.startsWith('nocommit')) return;
      await consumer.commitOffsets([{ topic: cfg.topic, partition, offset: String(offset + 1) }]);
      send({ type: 'committed', partition, offset: offset + 1 });
    },
  });
  return () => consumer.disconnect();
}

async function platformaticConsumer(cfg: ChildConfig): Promise<() => Promise<void>> {
  const consumer = new Consumer({
    clientId: cfg.name, groupId: cfg.groupId, bootstrapBrokers: [cfg.bootstrap], deserializers: stringDeserializers,
    sessionTimeout: SESSION_TIMEOUT_MS, rebalanceTimeout: REBALANCE_TIMEOUT_MS, heartbeatInterval: HEARTBEAT_INTERVAL_MS,
    maxWaitTime: MAX_WAIT_MS, autocommit: false, retries: 10, retryDelay: 100,
  });
  consumer.on('consumer:group:join', (p) => {
    send({ type: 'assigned', memberId: p.memberId, partitions: [...(p.assignments?.find((a) => a.topic === cfg.topic)?.partitions ?? [])].sort((a, b) => a - b) });
  });
  const stream = await consumer.consume({ topics: [cfg.topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: MAX_WAIT_MS });
  void (async () => {
    for await (const m of stream) {
      const offset = Number(m.offset);
      const value = String(m.value ?? '');
      send({ type: 'record', partition: m.partition, offset, value });
      if (value.startsWith('nocommit')) continue;
      await m.commit();
      send({ type: 'committed', partition: m.partition, offset: offset + 1 });
    }
  })().catch((err: unknown) => send({ type: 'error', message: describeError(err) }));
  return () => new Promise<void>((resolve, reject) => consumer.close(true, (err) => (err ? reject(err) : resolve())));
}

/** An error with its nested causes (client libraries wrap the broker's answers). */
function describeError(err: unknown, depth = 0): string {
  const e = err as { message?: string; errors?: unknown[]; cause?: unknown };
  const inner = [...(e.errors ?? []), ...(e.cause ? [e.cause] : [])].slice(0, 3).map((x) => describeError(x, depth + 1));
  return `${e.message ?? String(err)}${depth < 3 && inner.length ? ` [${inner.join('; ')}]` : ''}`;
}

const cfg = JSON.parse(process.argv[2]) as ChildConfig;
process.on('disconnect', () => process.exit(0)); // the test process went away
const stop = await (cfg.lib === 'kafkajs' ? kafkajsConsumer(cfg) : platformaticConsumer(cfg));
process.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  void stop().then(
    () => send({ type: 'stopped' }, () => process.exit(0)),
    (err: unknown) => send({ type: 'error', message: `stop failed: ${String(err)}` }, () => process.exit(1)),
  );
});
