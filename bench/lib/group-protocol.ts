/**
 * The messages between the benchmark and its group-member child processes (lib/group-member.ts),
 * over the IPC channel of child_process.fork(). One child hosts any number of consumers, each
 * named by an `id` chosen by the benchmark; every event carries the child's wall-clock time.
 */

/** Wall-clock time in milliseconds with sub-millisecond resolution, comparable between processes on one machine. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface MemberConfig {
  /** Names this consumer in the events. */
  id: string;
  bootstrap: string;
  groupId: string;
  topic: string;
  heartbeatMs: number;
  sessionMs: number;
  /** Fetch max wait (Kafka's fetch.max.wait.ms). */
  maxWaitMs: number;
}

export type MemberCommand =
  | { cmd: 'join'; config: MemberConfig }
  | { cmd: 'leave'; id: string }
  | { cmd: 'exit' };

export type MemberEvent =
  /** The child has loaded the client library and takes commands. */
  | { type: 'ready'; t: number }
  /** Just before `new Consumer()`. */
  | { type: 'joining'; id: string; t: number }
  /** The library saw REBALANCE_IN_PROGRESS (usually a heartbeat's answer) and rejoins. */
  | { type: 'rebalance'; id: string; t: number }
  /** JoinGroup + SyncGroup done: the library's `consumer:group:join` event. */
  | { type: 'assigned'; id: string; t: number; generation: number; memberId: string; partitions: number[] }
  /** The first record of a partition since the last assignment. */
  | { type: 'record'; id: string; t: number; partition: number; offset: number }
  /** Just before `consumer.close()`. */
  | { type: 'leaving'; id: string; t: number }
  /** LeaveGroup answered (the library's `consumer:group:leave` event). */
  | { type: 'leave-sent'; id: string; t: number }
  /** `consumer.close()` resolved. */
  | { type: 'left'; id: string; t: number }
  | { type: 'error'; id: string | null; message: string };
