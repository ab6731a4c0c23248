/**
 * Kafka's predicates (`org.apache.kafka.connect.transforms.predicates.*`), which make a
 * transform conditional (`transforms.x.predicate=p`, optionally `transforms.x.negate=true`):
 *   TopicNameMatches   the whole topic matches `pattern` (a Java regular expression)
 *   HasHeaderKey       the record has at least one header with key `name`
 *   RecordIsTombstone  the record's value is null
 */
import { ConfigDef } from '../api/config/config-def.js';
import { CompositeValidator, NonEmptyString } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { ConfigException } from '../api/errors.js';
import type { AnyRecord, Predicate } from '../api/plugins/transformation.js';
import { validRegex } from './config-util.js';
import { compileJavaRegex, matchesWhole, type JavaPattern } from './java-regex.js';

export const TOPIC_NAME_MATCHES_CONFIG = new ConfigDef().define({
  name: 'pattern',
  type: 'STRING',
  validator: CompositeValidator.of(new NonEmptyString(), validRegex),
  importance: 'MEDIUM',
  documentation: 'A Java regular expression the whole topic name must match.',
});

export class TopicNameMatches<R extends ConnectRecord<R> = AnyRecord> implements Predicate<R> {
  #pattern: JavaPattern | null = null;

  configure(props: Readonly<Record<string, string>>): void {
    const pattern = TOPIC_NAME_MATCHES_CONFIG.parse(props).pattern;
    try {
      this.#pattern = compileJavaRegex(pattern);
    } catch (e) {
      throw ConfigException.invalid('pattern', pattern, `entry must be a Java-compatible regular expression: ${(e as Error).message}`);
    }
  }

  test(record: R): boolean {
    return matchesWhole(this.#pattern!, record.topic) !== null;
  }

  config(): ConfigDef {
    return TOPIC_NAME_MATCHES_CONFIG;
  }
}

export const HAS_HEADER_KEY_CONFIG = new ConfigDef().define({
  name: 'name',
  type: 'STRING',
  validator: new NonEmptyString(),
  importance: 'MEDIUM',
  documentation: 'The header key to look for.',
});

export class HasHeaderKey<R extends ConnectRecord<R> = AnyRecord> implements Predicate<R> {
  #name = '';

  configure(props: Readonly<Record<string, string>>): void {
    this.#name = HAS_HEADER_KEY_CONFIG.parse(props).name;
  }

  test(record: R): boolean {
    return record.headers.lastWithName(this.#name) !== undefined;
  }

  config(): ConfigDef {
    return HAS_HEADER_KEY_CONFIG;
  }
}

export const RECORD_IS_TOMBSTONE_CONFIG = new ConfigDef();

export class RecordIsTombstone<R extends ConnectRecord<R> = AnyRecord> implements Predicate<R> {
  configure(): void {}

  test(record: R): boolean {
    return record.value === null;
  }

  config(): ConfigDef {
    return RECORD_IS_TOMBSTONE_CONFIG;
  }
}
