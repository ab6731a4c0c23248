// The toy ListSource made loadable in a task thread (its plugin names this module), for the
// task-thread tests: each record's value says which thread made it ("thread <threadId> record
// <value>", 0 = the worker's main thread). With `exit.at` = n the task's thread exits (code 3)
// when it is about to emit its value n: a task thread that dies.
import { isMainThread, threadId } from 'node:worker_threads';
import { ConnectException, connectorPlugin, type ConnectorProps, type SourceRecord } from '../../../runtime/api/index.js';
import { ListSourceConnector, ListSourceTask } from './toy-connectors.js';

export class ThreadProbeTask extends ListSourceTask {
  #exitAt = -1;
  #emitted = 0;
  override async start(props: ConnectorProps): Promise<void> {
    await super.start(props);
    this.#exitAt = Number(props['exit.at'] ?? -1);
  }
  override async poll(): Promise<SourceRecord[] | null> {
    const batch = await super.poll();
    if (batch === null) return null;
    if (this.#exitAt >= 0 && this.#emitted + batch.length > this.#exitAt) {
      if (isMainThread) throw new ConnectException('exit.at only works on a task thread');
      process.exit(3);
    }
    this.#emitted += batch.length;
    return batch.map((r) => r.newRecord({ value: `thread ${threadId} record ${String(r.value)}` }));
  }
}

export class ThreadProbeConnector extends ListSourceConnector {
  override taskClass(): typeof ThreadProbeTask {
    return ThreadProbeTask;
  }
}

export const plugins = [
  connectorPlugin({ className: 'test.ThreadProbeConnector', type: 'source', connector: ThreadProbeConnector, module: import.meta.url }),
];
