/**
 * Where the herder learns which connectors and tasks run on this worker, and where writes go.
 *
 * - `assignment(snapshot)`: the connectors and tasks this worker runs for a config snapshot.
 *   Standalone: all of them. Distributed (group-membership.ts, over runtime/cluster): what the
 *   worker group's leader assigned in the current generation.
 * - `isLeader()` / `leaderUrl()`: config writes (REST creates, updates, deletes, target states,
 *   restarts of remote work, task configs) are made by the leader; the REST layer forwards a
 *   write that arrives elsewhere to `leaderUrl()` (409 while no leader is known, as Connect does
 *   during a rebalance). Standalone: always the leader.
 * - `forwardTaskConfigs`: a worker that runs a connector but is not the leader sends the
 *   connector's new task configs to the leader (Connect's internal POST /connectors/{c}/tasks).
 *   It may resolve before the leader has them (the group membership hands them over in the
 *   background, retrying): the herder must not wait on another worker inside a reconcile.
 * - `onChange`: called after every change of assignment (a rebalance, a revocation); the herder
 *   reconciles and the returned promise resolves once the work no longer assigned here has
 *   stopped (a group member awaits it before it rejoins, so nobody else starts that work first).
 */
import type { ConfigSnapshot, ConnectorTaskId } from '../storage/stores.js';

export interface Assignment {
  readonly connectors: readonly string[];
  readonly tasks: readonly ConnectorTaskId[];
}

export interface WorkerMembership {
  /** This worker's id in status records (`host:port` of its REST listener). */
  readonly workerId: string;
  /** The group generation status records carry (0 standalone). */
  generation(): number;
  assignment(snapshot: ConfigSnapshot): Assignment;
  isLeader(): boolean;
  /** Base URL of the leader's REST API, or null while none is known (a rebalance). */
  leaderUrl(): string | null;
  /** True while the group rebalances (writes answer 409). */
  rebalancing(): boolean;
  forwardTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void>;
  onChange(listener: () => Promise<void>): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** One worker that runs everything and decides everything. */
export class StandaloneMembership implements WorkerMembership {
  constructor(readonly workerId: string) {}

  generation(): number {
    return 0;
  }

  assignment(snapshot: ConfigSnapshot): Assignment {
    const connectors = snapshot.connectors();
    const tasks: ConnectorTaskId[] = [];
    for (const c of connectors) snapshot.taskConfigs(c).forEach((_, task) => tasks.push({ connector: c, task }));
    return { connectors, tasks };
  }

  isLeader(): boolean {
    return true;
  }

  leaderUrl(): string | null {
    return null;
  }

  rebalancing(): boolean {
    return false;
  }

  forwardTaskConfigs(): Promise<void> {
    return Promise.reject(new Error('a standalone worker is always the leader'));
  }

  onChange(): () => void {
    return () => {};
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}
}
