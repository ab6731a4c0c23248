/**
 * The SchemaWriter of an instance in a group: writes happen on the elected leader only. On the
 * leader they go to the LocalWriter; elsewhere they are forwarded to the leader's REST API.
 *
 * While no leader is known (a rebalance in progress, the coordinator unreachable) a write
 * waits up to `leaderWaitMs` for the election to finish, then fails with 50004
 * (UNKNOWN_LEADER). A forwarded write that reaches an instance which is no longer the leader
 * fails with 50003 rather than being forwarded again.
 */
import { RegistryError } from '../errors.js';
import type { LocalWriter } from '../service/local-writer.js';
import type { ConfigUpdate, RegisterRequest, SchemaWriter, VersionRef } from '../service/writer.js';
import type { Mode } from '../store/records.js';
import { forwardedRequest, type Forwarder } from './forward.js';
import { identityUrl, type Assignment } from './protocol.js';

type Leadership = { readonly self: true } | { readonly self: false; readonly url: string };

const enc = encodeURIComponent;

export class ClusterWriter implements SchemaWriter {
  private current: Leadership | null = null;
  private waiters: (() => void)[] = [];

  constructor(private readonly local: LocalWriter, private readonly forwarder: Forwarder, private readonly leaderWaitMs: number) {}

  /** Called by the group member: null while no leader is known. */
  update(assignment: Assignment | null, isLeader: boolean): void {
    if (assignment === null || assignment.error !== 0 || (!isLeader && !assignment.leader)) this.current = null;
    else this.current = isLeader ? { self: true } : { self: false, url: identityUrl(assignment.leader!) };
    if (this.current) for (const w of this.waiters.splice(0)) w();
  }

  /** The leader's URL, or 'self', or null while unknown (for status and tests). */
  get leader(): string | null {
    return this.current === null ? null : this.current.self ? 'self' : this.current.url;
  }

  private async leadership(): Promise<Leadership> {
    if (this.current) return this.current;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.leaderWaitMs);
      this.waiters.push(() => { clearTimeout(timer); resolve(); });
    });
    if (!this.current) {
      throw new RegistryError('UNKNOWN_LEADER', `No leader is known in the registry group (waited ${this.leaderWaitMs} ms): `
        + 'an election is in progress, no instance is eligible (leader.eligibility), or the Kafka cluster is unreachable. Retry shortly.');
    }
    return this.current;
  }

  private async route<T>(local: () => Promise<T>, method: string, path: string, body?: unknown): Promise<T> {
    const l = await this.leadership();
    if (l.self) return local();
    if (forwardedRequest.getStore()) {
      throw new RegistryError('REQUEST_FORWARDING_FAILED', `This instance received a forwarded write but is not the leader any more (the leader is ${l.url}). Retry.`);
    }
    return (await this.forwarder.call(l.url, method, path, body)) as T;
  }

  register(subject: string, request: RegisterRequest, normalize: boolean): Promise<{ id: number }> {
    return this.route(() => this.local.register(subject, request, normalize), 'POST', `/subjects/${enc(subject)}/versions${normalize ? '?normalize=true' : ''}`, request);
  }

  deleteVersion(subject: string, version: VersionRef, permanent: boolean): Promise<number> {
    return this.route(() => this.local.deleteVersion(subject, version, permanent), 'DELETE', `/subjects/${enc(subject)}/versions/${version}${permanent ? '?permanent=true' : ''}`);
  }

  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.route(() => this.local.deleteSubject(subject, permanent), 'DELETE', `/subjects/${enc(subject)}${permanent ? '?permanent=true' : ''}`);
  }

  setConfig(subject: string | null, update: ConfigUpdate): Promise<ConfigUpdate> {
    return this.route(() => this.local.setConfig(subject, update), 'PUT', subject === null ? '/config' : `/config/${enc(subject)}`, update);
  }

  deleteConfig(subject: string | null): Promise<Record<string, unknown>> {
    return this.route(() => this.local.deleteConfig(subject), 'DELETE', subject === null ? '/config' : `/config/${enc(subject)}`);
  }

  async setMode(subject: string | null, mode: Mode, force: boolean): Promise<Mode> {
    const path = `${subject === null ? '/mode' : `/mode/${enc(subject)}`}${force ? '?force=true' : ''}`;
    const r = await this.route(async () => ({ mode: await this.local.setMode(subject, mode, force) }), 'PUT', path, { mode });
    return r.mode;
  }

  async deleteMode(subject: string | null): Promise<Mode> {
    const r = await this.route(async () => ({ mode: await this.local.deleteMode(subject) }), 'DELETE', subject === null ? '/mode' : `/mode/${enc(subject)}`);
    return r.mode;
  }
}
