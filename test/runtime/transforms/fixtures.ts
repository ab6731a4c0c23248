// Shared record builders and assertions for the transform tests.
import assert from 'node:assert/strict';
import { SinkRecord, type SinkRecordFields } from '../../../runtime/api/connector/sink-record.js';
import { SourceRecord, type SourceRecordFields } from '../../../runtime/api/connector/source-record.js';
import { ConfigException, DataException } from '../../../runtime/api/errors.js';
import type { Transformation } from '../../../runtime/api/plugins/transformation.js';
import { defaultTransformRegistry } from '../../../runtime/transforms/registry.js';

/** A sink record on topic "t", partition 3, offset 42, timestamp 2024-01-31T13:45:00Z unless given. */
export function sink(fields: Partial<SinkRecordFields> = {}): SinkRecord {
  return new SinkRecord({ topic: 't', kafkaPartition: 3, kafkaOffset: 42, timestamp: Date.UTC(2024, 0, 31, 13, 45), ...fields });
}

export function source(fields: Partial<SourceRecordFields> = {}): SourceRecord {
  return new SourceRecord({ topic: 't', sourcePartition: { f: 'a' }, sourceOffset: { pos: 1 }, timestamp: Date.UTC(2024, 0, 31, 13, 45), ...fields });
}

/** A configured transform from the default registry, by Kafka class name or alias. */
export function transform(className: string, props: Record<string, string> = {}): Transformation {
  const plugin = defaultTransformRegistry().findTransformation(className);
  assert.ok(plugin, `no plugin ${className}`);
  const t = plugin.create();
  t.configure(props);
  return t;
}

/** Asserts that configuring throws ConfigException whose message matches and that names `key` in errors (if given). */
export function assertConfigError(className: string, props: Record<string, string>, message: RegExp, key?: string): void {
  assert.throws(
    () => transform(className, props),
    (e: unknown) => {
      assert.ok(e instanceof ConfigException, `expected ConfigException, got ${String(e)}`);
      assert.match(e.message, message);
      if (key !== undefined) assert.ok(key in e.errors, `errors ${JSON.stringify(e.errors)} should name ${key}`);
      return true;
    },
  );
}

export function assertDataError(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataException, `expected DataException, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

export const T = 'org.apache.kafka.connect.transforms.';
