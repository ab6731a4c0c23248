/**
 * Single message transforms and their predicates (Kafka's Transformation and Predicate). The
 * worker builds a chain per connector from `transforms=a,b` and `transforms.a.type=...`,
 * configures each with its `transforms.a.*` keys (prefix removed), and applies them in order to
 * every record: source records after poll() and before conversion, sink records after conversion
 * and before put(). A transform with `predicate` (and `negate`) applies only where the predicate
 * (not) holds.
 *
 * `apply` is synchronous and must not mutate its input: it returns a new record (usually through
 * `record.newRecord(...)`), the same record unchanged, or null to drop it. A record the transform
 * cannot handle throws DataException; the worker's error policy decides what follows.
 */
import type { ConfigDef } from '../config/config-def.js';
import type { ConnectRecord } from '../connector/connect-record.js';
import type { SinkRecord } from '../connector/sink-record.js';
import type { SourceRecord } from '../connector/source-record.js';

/** Transforms in Kafka's set work on both kinds of record. */
export type AnyRecord = SourceRecord | SinkRecord;

export interface Transformation<R extends ConnectRecord<R> = AnyRecord> {
  /** Called once with the transform's settings before any apply(); throws ConfigException on bad settings. */
  configure(props: Readonly<Record<string, string>>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close?(): void;
}

export interface Predicate<R extends ConnectRecord<R> = AnyRecord> {
  configure(props: Readonly<Record<string, string>>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close?(): void;
}

/** How a transform or predicate class is registered: Kafka's class name, short aliases, a factory. */
export interface TransformPlugin<T> {
  readonly className: string;
  readonly aliases: readonly string[];
  /** Kafka's transforms exist as `$Key` and `$Value` variants; the rest have one. */
  create(): T;
  readonly doc: string;
}
