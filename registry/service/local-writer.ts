/**
 * The writer that performs writes itself (a single instance, or the elected leader).
 *
 * Each write runs alone (a FIFO lock): sync the store to the end of the log, plan the records
 * against that state, append them, and answer once they are applied. So two concurrent
 * registrations can never pick the same id or version, and what one write decides is what
 * the next one sees.
 */
import type { Mode } from '../store/records.js';
import type { SchemaLog } from '../storage/kafka-log.js';
import { planDeleteSubject, planDeleteVersion } from './deletes.js';
import { planRegister, type Plan, type PlanContext } from './register.js';
import { planDeleteConfig, planDeleteMode, planSetConfig, planSetMode } from './settings.js';
import type { ConfigUpdate, RegisterRequest, SchemaWriter, VersionRef } from './writer.js';

export interface LocalWriterContext extends PlanContext {
  readonly log: Pick<SchemaLog, 'append' | 'sync'>;
  readonly modeMutability: boolean;
}

export class LocalWriter implements SchemaWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: LocalWriterContext) {}

  /** Runs `plan` under the lock on a synced store and writes its records. */
  private write<T>(plan: () => Plan<T>): Promise<T> {
    const run = async (): Promise<T> => {
      await this.ctx.log.sync();
      const p = plan();
      await this.ctx.log.append(p.records);
      return p.result;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  register(subject: string, request: RegisterRequest, normalize: boolean): Promise<{ id: number }> {
    return this.write(() => planRegister(this.ctx, subject, request, normalize));
  }

  deleteVersion(subject: string, version: VersionRef, permanent: boolean): Promise<number> {
    return this.write(() => planDeleteVersion(this.ctx, subject, version, permanent));
  }

  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.write(() => planDeleteSubject(this.ctx, subject, permanent));
  }

  setConfig(subject: string | null, update: ConfigUpdate): Promise<ConfigUpdate> {
    return this.write(() => planSetConfig(this.ctx, subject, update));
  }

  deleteConfig(subject: string | null): Promise<Record<string, unknown>> {
    return this.write(() => planDeleteConfig(this.ctx, subject));
  }

  setMode(subject: string | null, mode: Mode, force: boolean): Promise<Mode> {
    return this.write(() => planSetMode(this.ctx, subject, mode, force));
  }

  deleteMode(subject: string | null): Promise<Mode> {
    return this.write(() => planDeleteMode(this.ctx, subject));
  }
}
