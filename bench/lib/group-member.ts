/**
 * A child process of the benchmark's consumer-group phase (lib/groups.ts), started with fork():
 * it hosts @platformatic/kafka group consumers on the benchmark's commands and reports what they
 * see with timestamps (lib/group-protocol.ts). Members run in their own processes so that the
 * benchmark can kill one outright (SIGKILL: no LeaveGroup, no more heartbeats) and so that the
 * members do not share one event loop with the benchmark.
 *
 * Each consumer reads its partitions from the group's committed offsets, or from the earliest
 * offset where there is none (no commits are made), and only notes the first record of each
 * partition after every assignment; record values are not looked at.
 */
import { Consumer, type MessagesStream } from '@platformatic/kafka';
import { wallMs, type MemberCommand, type MemberConfig, type MemberEvent } from './group-protocol.js';

interface Member {
  consumer: Consumer;
  stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null;
}

const members = new Map<string, Member>();

function send(e: MemberEvent): void {
  if (process.connected) process.send!(e);
}

/** An error with its nested causes (the library wraps the broker's answers). */
function describe(err: unknown, depth = 0): string {
  const e = err as { message?: string; errors?: unknown[]; cause?: unknown };
  const inner = [...(e.errors ?? []), ...(e.cause ? [e.cause] : [])].slice(0, 3).map((x) => describe(x, depth + 1));
  return `${e.message ?? String(err)}${depth < 3 && inner.length ? ` [${inner.join('; ')}]` : ''}`;
}

async function join(c: MemberConfig): Promise<void> {
  const { id } = c;
  send({ type: 'joining', id, t: wallMs() });
  const consumer = new Consumer({
    clientId: `tributary-bench-${id}`, groupId: c.groupId, bootstrapBrokers: [c.bootstrap],
    sessionTimeout: c.sessionMs, heartbeatInterval: c.heartbeatMs, maxWaitTime: c.maxWaitMs, autocommit: false,
  });
  const member: Member = { consumer, stream: null };
  members.set(id, member);
  const seen = new Set<number>();
  consumer.on('consumer:group:rebalance', () => send({ type: 'rebalance', id, t: wallMs() }));
  consumer.on('consumer:group:join', (p) => {
    const t = wallMs();
    seen.clear();
    const partitions = [...(p.assignments?.find((a) => a.topic === c.topic)?.partitions ?? [])].sort((a, b) => a - b);
    send({ type: 'assigned', id, t, generation: p.generationId ?? -1, memberId: p.memberId, partitions });
  });
  consumer.on('consumer:group:leave', () => send({ type: 'leave-sent', id, t: wallMs() }));
  const stream = await consumer.consume({ topics: [c.topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: c.maxWaitMs });
  member.stream = stream;
  stream.on('data', (m: { partition: number; offset: bigint }) => {
    if (seen.has(m.partition)) return;
    seen.add(m.partition);
    send({ type: 'record', id, t: wallMs(), partition: m.partition, offset: Number(m.offset) });
  });
  stream.on('error', (err: unknown) => {
    if (members.has(id)) send({ type: 'error', id, message: `stream: ${describe(err)}` });
  });
}

async function leave(id: string): Promise<void> {
  const m = members.get(id);
  if (!m) throw new Error(`no member ${id}`);
  members.delete(id);
  send({ type: 'leaving', id, t: wallMs() });
  await m.consumer.close(true); // closes the stream, then LeaveGroup
  send({ type: 'left', id, t: wallMs() });
}

process.on('disconnect', () => process.exit(0)); // the benchmark went away
process.on('message', (msg: MemberCommand) => {
  if (msg.cmd === 'exit') {
    void Promise.allSettled([...members.keys()].map((id) => leave(id))).then(() => process.exit(0));
    return;
  }
  const id = msg.cmd === 'join' ? msg.config.id : msg.id;
  const work = msg.cmd === 'join' ? join(msg.config) : leave(msg.id);
  work.catch((err: unknown) => send({ type: 'error', id, message: `${msg.cmd}: ${describe(err)}` }));
});
send({ type: 'ready', t: wallMs() });
