/**
 * Topics and their partition logs: creation (explicit or automatic), deletion, partition
 * increases, config changes, and the effective config of each topic (explicit override, else
 * the broker default through its synonyms). Also the wake-up point for long-polling fetches:
 * every append notifies the waiters of that partition.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrokerConfig } from '../config/broker-config.js';
import { ConfigError, type ConfigValue, parseAndValidate } from '../config/spec.js';
import { topicConfigKeys } from '../config/topic-config.js';
import { KafkaError } from '../errors.js';
import { isFiniteFlushSetting, type LogConfig, PartitionLog } from '../log/partition-log.js';
import { type CleanStats, LogCleaner } from '../log/cleaner/log-cleaner.js';
import { invalidTopicName, type TopicRecord, TopicStore } from '../metadata/topic-store.js';
import type { Logger } from '../util/logger.js';

export const MAX_PARTITIONS = 10_000;

export interface EffectiveConfig {
  readonly name: string;
  readonly value: ConfigValue;
  /** 'topic' = explicit override; 'broker' = explicit broker setting; 'default' = Kafka default. */
  readonly source: 'topic' | 'broker' | 'default';
  readonly brokerSynonym: string | null;
}

export class TopicManager {
  readonly store: TopicStore;
  private readonly logs = new Map<string, PartitionLog[]>();
  private readonly waiters = new Set<() => void>();
  private readonly deletionListeners: Array<(topic: string) => void> = [];
  private retentionTimer: NodeJS.Timeout | null = null;
  private readonly cleaner: LogCleaner;
  private cleanerTimer: NodeJS.Timeout | null = null;
  /** The running cleaner pass (one at a time), if any. */
  private cleaning: Promise<CleanStats[]> | null = null;
  /** The periodic flusher (flush.ms): runs only while some topic has a finite flush.ms. */
  private flushTimer: NodeJS.Timeout | null = null;
  private flushTimerInterval = 0;
  private closed = false;

  constructor(private readonly config: BrokerConfig, private readonly log: Logger) {
    this.store = new TopicStore(config.logDir, config.nodeId, config.get('cluster.id') as string | null);
    this.cleaner = new LogCleaner({
      dedupeBufferSize: config.int('log.cleaner.dedupe.buffer.size'),
      ioBufferSize: config.int('log.cleaner.io.buffer.size'),
    }, (m) => this.log.warn(m));
    for (const t of this.store.list()) this.openLogs(t);
  }

  get clusterId(): string { return this.store.clusterId; }

  private partitionDir(topic: string, p: number): string {
    return join(this.config.logDir, `${topic}-${p}`);
  }

  private openLogs(t: TopicRecord): void {
    const lc = this.logConfig(t);
    const logs = this.logs.get(t.name) ?? [];
    for (let p = logs.length; p < t.partitions; p++) {
      logs.push(PartitionLog.open(this.partitionDir(t.name, p), lc, (m) => this.log.warn(`[${t.name}-${p}] ${m}`)));
    }
    this.logs.set(t.name, logs);
    this.refreshFlusher();
  }

  /** The effective value and source of every topic config for `t`. */
  effectiveConfigs(t: TopicRecord): EffectiveConfig[] {
    const out: EffectiveConfig[] = [];
    for (const key of topicConfigKeys.values()) {
      const raw = t.configs[key.name];
      const def = this.config.topicDefault(key.name);
      if (raw !== undefined) {
        out.push({ name: key.name, value: parseAndValidate(key, raw), source: 'topic', brokerSynonym: def.source });
      } else {
        out.push({ name: key.name, value: def.value, source: def.source ? 'broker' : 'default', brokerSynonym: def.source });
      }
    }
    return out;
  }

  effectiveConfig(t: TopicRecord, name: string): ConfigValue {
    const raw = t.configs[name];
    return raw !== undefined ? parseAndValidate(topicConfigKeys.get(name)!, raw) : this.config.topicDefault(name).value;
  }

  private logConfig(t: TopicRecord): LogConfig {
    const v = (n: string): ConfigValue => this.effectiveConfig(t, n);
    return {
      segmentBytes: v('segment.bytes') as number,
      segmentMs: v('segment.ms') as number,
      indexIntervalBytes: v('index.interval.bytes') as number,
      maxMessageBytes: v('max.message.bytes') as number,
      messageTimestampType: v('message.timestamp.type') as 'CreateTime' | 'LogAppendTime',
      timestampBeforeMaxMs: v('message.timestamp.before.max.ms') as number,
      timestampAfterMaxMs: v('message.timestamp.after.max.ms') as number,
      producerIdExpirationMs: this.config.int('producer.id.expiration.ms'),
      retentionMs: v('retention.ms') as number,
      retentionBytes: v('retention.bytes') as number,
      deleteRetention: (v('cleanup.policy') as string[]).includes('delete'),
      flushMessages: v('flush.messages') as number,
      flushMs: (v('flush.ms') as number | null) ?? undefined,
      compressionType: v('compression.type') as string,
      compact: (v('cleanup.policy') as string[]).includes('compact'),
      deleteRetentionMs: v('delete.retention.ms') as number,
      minCleanableDirtyRatio: v('min.cleanable.dirty.ratio') as number,
      minCompactionLagMs: v('min.compaction.lag.ms') as number,
      maxCompactionLagMs: v('max.compaction.lag.ms') as number,
    };
  }

  /** Validates topic config overrides; throws KafkaError(INVALID_CONFIG) naming the key. */
  validateConfigs(configs: Record<string, string | null>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(configs)) {
      const key = topicConfigKeys.get(k);
      if (!key) {
        throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${k}. Valid names: ${[...topicConfigKeys.keys()].join(', ')}`);
      }
      if (v === null) {
        throw new KafkaError('INVALID_CONFIG', `Null value not supported for topic config ${k}`);
      }
      try {
        parseAndValidate(key, v);
      } catch (err) {
        if (err instanceof ConfigError) throw new KafkaError('INVALID_CONFIG', err.message);
        throw err;
      }
      out[k] = v.trim();
    }
    return out;
  }

  get(name: string): TopicRecord | undefined { return this.store.get(name); }
  list(): TopicRecord[] { return this.store.list(); }

  partition(topic: string, p: number): PartitionLog | undefined {
    return this.logs.get(topic)?.[p];
  }

  /** Checks everything CreateTopics checks; throws KafkaError. */
  checkCreate(name: string, partitions: number, replicationFactor: number, configs: Record<string, string | null>): Record<string, string> {
    const bad = invalidTopicName(name);
    if (bad) throw new KafkaError('INVALID_TOPIC_EXCEPTION', bad);
    if (this.store.get(name)) throw new KafkaError('TOPIC_ALREADY_EXISTS', `Topic '${name}' already exists.`);
    const collides = this.store.list().find((t) => t.name.replace(/\./g, '_') === name.replace(/\./g, '_'));
    if (collides) {
      throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic '${name}' collides with existing topic: ${collides.name} (topic names differing only in '.' and '_' collide in metric names)`);
    }
    if (partitions < 1) throw new KafkaError('INVALID_PARTITIONS', `Number of partitions must be larger than 0, got ${partitions}.`);
    if (partitions > MAX_PARTITIONS) throw new KafkaError('INVALID_PARTITIONS', `Number of partitions ${partitions} exceeds this broker's limit of ${MAX_PARTITIONS}.`);
    if (replicationFactor < 1) throw new KafkaError('INVALID_REPLICATION_FACTOR', `Replication factor must be larger than 0, got ${replicationFactor}.`);
    if (replicationFactor > 1) {
      throw new KafkaError('INVALID_REPLICATION_FACTOR', `Unable to replicate the partition ${replicationFactor} time(s): The target replication factor of ${replicationFactor} cannot be reached because only 1 broker(s) are registered. Use --replication-factor 1 with this single-node broker.`);
    }
    return this.validateConfigs(configs);
  }

  createTopic(name: string, partitions: number, configs: Record<string, string>): TopicRecord {
    const t = this.store.create(name, partitions, configs);
    this.openLogs(t);
    this.log.info(`Created topic ${name} with topic id ${t.id}, ${partitions} partition(s)${Object.keys(configs).length ? ` and configs ${JSON.stringify(configs)}` : ''}`);
    return t;
  }

  /** Metadata's auto-creation, with the broker's defaults. */
  autoCreate(name: string): TopicRecord {
    this.checkCreate(name, this.config.int('num.partitions'), this.config.int('default.replication.factor'), {});
    return this.createTopic(name, this.config.int('num.partitions'), {});
  }

  deleteTopic(name: string): void {
    const t = this.store.get(name);
    if (!t) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `This server does not host this topic: ${name}`);
    this.store.delete(name);
    const logs = this.logs.get(name) ?? [];
    this.logs.delete(name);
    for (const l of logs) l.close();
    for (let p = 0; p < t.partitions; p++) rmSync(this.partitionDir(name, p), { recursive: true, force: true });
    this.log.info(`Deleted topic ${name} (topic id ${t.id})`);
    for (const l of this.deletionListeners) l(name);
    this.refreshFlusher();
    this.notify();
  }

  /** Calls `listener` after each topic deletion (the group coordinator drops its offsets). */
  onTopicDeleted(listener: (topic: string) => void): void {
    this.deletionListeners.push(listener);
  }

  addPartitions(name: string, count: number): void {
    this.store.setPartitions(name, count);
    this.openLogs(this.store.get(name)!);
    this.log.info(`Increased partitions of ${name} to ${count}`);
  }

  /** Replaces a topic's explicit overrides (already validated) and applies them to its logs. */
  setConfigs(name: string, configs: Record<string, string>): void {
    this.store.setConfigs(name, configs);
    const t = this.store.get(name)!;
    const lc = this.logConfig(t);
    for (const l of this.logs.get(name) ?? []) l.updateConfig(lc);
    this.refreshFlusher();
    this.log.info(`Updated configs of topic ${name}: ${JSON.stringify(configs)}`);
  }

  // ---- flush policy ----

  /**
   * How often the periodic flusher checks flush.ms, or null when no topic has a finite flush.ms
   * (the default: then no timer runs at all). `log.flush.scheduler.interval.ms` if set, else the
   * smallest finite flush.ms clamped to [10, 1000] ms.
   */
  flushCheckIntervalMs(): number | null {
    let smallest = Infinity;
    for (const t of this.store.list()) {
      const ms = this.effectiveConfig(t, 'flush.ms') as number | null;
      if (ms !== null && isFiniteFlushSetting(ms)) smallest = Math.min(smallest, ms);
    }
    if (smallest === Infinity) return null;
    const configured = this.config.get('log.flush.scheduler.interval.ms') as number | null;
    if (configured !== null && isFiniteFlushSetting(configured)) return Math.max(1, configured);
    return Math.min(1000, Math.max(10, smallest));
  }

  /** Starts, re-times or stops the periodic flusher after topics or their configs changed. */
  private refreshFlusher(): void {
    const interval = this.closed ? null : this.flushCheckIntervalMs();
    if (interval === this.flushTimerInterval && (interval === null) === (this.flushTimer === null)) return;
    if (this.flushTimer !== null) clearInterval(this.flushTimer);
    this.flushTimer = null;
    this.flushTimerInterval = 0;
    if (interval === null) return;
    this.flushTimer = setInterval(() => this.runFlusher(), interval);
    this.flushTimer.unref();
    this.flushTimerInterval = interval;
  }

  /**
   * One pass of the periodic flusher: fsyncs every partition whose oldest unflushed append is at
   * least its flush.ms old at `now`. Returns the number of partitions flushed.
   */
  runFlusher(now: number = Date.now()): number {
    let n = 0;
    for (const [topic, logs] of this.logs) {
      logs.forEach((l, p) => {
        try {
          if (l.flushIfDue(now)) n++;
        } catch (err) {
          this.log.warn(`[${topic}-${p}] periodic flush failed: ${(err as Error).message}`);
        }
      });
    }
    return n;
  }

  // ---- retention ----

  /** Runs the retention check every `log.retention.check.interval.ms` until close(). */
  startRetentionChecks(): void {
    if (this.retentionTimer !== null) return;
    const interval = this.config.int('log.retention.check.interval.ms');
    this.retentionTimer = setInterval(() => this.runRetention(), interval);
    this.retentionTimer.unref();
  }

  /**
   * One retention pass over every partition (time, size and log start offset; topics whose
   * cleanup.policy lacks `delete` only lose segments below their log start offset). Returns the
   * number of segments deleted.
   */
  runRetention(now: number = Date.now()): number {
    let n = 0;
    for (const [topic, logs] of this.logs) {
      logs.forEach((l, p) => {
        try {
          for (const d of l.deleteOldSegments(now)) {
            this.log.info(`[${topic}-${p}] ${d.message}`);
            n++;
          }
        } catch (err) {
          this.log.warn(`[${topic}-${p}] retention check failed: ${(err as Error).message}`);
        }
      });
    }
    return n;
  }

  // ---- compaction ----

  /** Runs the log cleaner every `log.cleaner.backoff.ms` until close() (unless log.cleaner.enable=false). */
  startCleaner(): void {
    if (this.cleanerTimer !== null || !this.config.bool('log.cleaner.enable')) return;
    const schedule = (): void => {
      if (this.closed) return;
      this.cleanerTimer = setTimeout(() => {
        this.runCleaner().catch((err: unknown) => this.log.warn(`log cleaner failed: ${(err as Error).message}`)).finally(schedule);
      }, Math.max(1, this.config.int('log.cleaner.backoff.ms')));
      this.cleanerTimer.unref();
    };
    schedule();
  }

  /**
   * One cleaner round: every compacted partition that needs it is cleaned, one after another
   * (a pass interleaves with requests; see log-cleaner.ts). Concurrent calls share the round in
   * progress. Returns the stats of the passes that ran.
   */
  runCleaner(now?: number): Promise<CleanStats[]> {
    this.cleaning ??= this.cleanAll(now).finally(() => {
      this.cleaning = null;
    });
    return this.cleaning;
  }

  private async cleanAll(now?: number): Promise<CleanStats[]> {
    const out: CleanStats[] = [];
    for (const [topic, logs] of [...this.logs]) {
      for (let p = 0; p < logs.length && !this.closed; p++) {
        const name = `${topic}-${p}`;
        try {
          const st = await this.cleaner.clean(name, logs[p], now ?? Date.now());
          if (st === null) continue;
          out.push(st);
          const mb = st.bytesRead / 1048576;
          this.log.info(`[${name}] Log cleaner ${st.aborted ? 'stopped (the log changed)' : 'cleaned'} (${st.reason}): ` +
            `${mb.toFixed(1)} MB read, ${(st.bytesWritten / 1048576).toFixed(1)} MB written, ${st.recordsRemoved} of ${st.recordsRead} records removed ` +
            `(${st.tombstonesRemoved} tombstones), ${st.keysMapped} keys mapped, ${st.segmentsBefore} -> ${st.segmentsAfter} closed segments, ` +
            `${(st.durationMs / 1000).toFixed(3)} s (${(mb / Math.max(st.durationMs / 1000, 1e-6)).toFixed(1)} MB/s)`);
        } catch (err) {
          this.log.warn(`[${name}] log cleaner failed: ${(err as Error).message}`);
        }
      }
    }
    return out;
  }

  /**
   * DeleteRecords for one partition: `offset` -1 means the high watermark. Throws KafkaError
   * (UNKNOWN_TOPIC_OR_PARTITION, OFFSET_OUT_OF_RANGE, POLICY_VIOLATION); returns the new log
   * start offset (the low watermark).
   */
  deleteRecords(topic: string, partition: number, offset: number): number {
    const t = this.store.get(topic);
    const l = t ? this.partition(topic, partition) : undefined;
    if (!t || !l) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `This server does not host this topic-partition: ${topic}-${partition}`);
    if (!(this.effectiveConfig(t, 'cleanup.policy') as string[]).includes('delete')) {
      throw new KafkaError('POLICY_VIOLATION', `Records of partition ${topic}-${partition} can not be deleted due to the configured policy`);
    }
    const target = offset === -1 ? l.logEndOffset : offset;
    if (target < 0 || target > l.logEndOffset) {
      throw new KafkaError('OFFSET_OUT_OF_RANGE', `Cannot increment the log start offset to ${target} of partition ${topic}-${partition} since it is larger than the high watermark ${l.logEndOffset}`);
    }
    const before = l.logStartOffset;
    const r = l.deleteRecordsBefore(target);
    for (const d of r.deleted) this.log.info(`[${topic}-${partition}] ${d.message}`);
    if (r.logStartOffset !== before) {
      this.log.info(`[${topic}-${partition}] Incremented the log start offset to ${r.logStartOffset} due to a DeleteRecords request`);
    }
    return r.logStartOffset;
  }

  // ---- long-poll support ----

  /** Wakes every waiting fetch (they re-check their own partitions). */
  notify(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  /** Resolves on the next append anywhere, after `timeoutMs`, or when `signal` aborts. */
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  flushAll(): void {
    for (const logs of this.logs.values()) for (const l of logs) l.flush();
  }

  close(): void {
    this.closed = true;
    this.refreshFlusher();
    if (this.retentionTimer !== null) {
      clearInterval(this.retentionTimer);
      this.retentionTimer = null;
    }
    if (this.cleanerTimer !== null) {
      clearTimeout(this.cleanerTimer);
      this.cleanerTimer = null;
    }
    for (const logs of this.logs.values()) for (const l of logs) l.close();
    this.logs.clear();
    this.notify();
  }
}

