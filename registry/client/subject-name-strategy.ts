/**
 * Which registry subject a key or value schema is registered under, as Confluent's serializers
 * choose it (config keys `key.subject.name.strategy` / `value.subject.name.strategy`):
 *
 *   TopicNameStrategy (the default)   `<topic>-key` / `<topic>-value`: one schema lineage per topic
 *   RecordNameStrategy                the record's full name: one lineage per record type, shared
 *                                     by every topic that carries it
 *   TopicRecordNameStrategy           `<topic>-<full name>`: several record types in one topic
 *
 * The record name is the full name of an Avro named type (`namespace.name`), or the `title` of a
 * JSON Schema; the serde works it out and passes it in.
 */
import { RegistryClientError } from './client-error.js';

/** `recordName` is undefined when the schema has none (an Avro primitive, a JSON Schema
 * without a title); strategies that need it throw CONFIG. */
export type SubjectNameStrategy = (topic: string, isKey: boolean, recordName: string | undefined) => string;

export const topicNameStrategy: SubjectNameStrategy = (topic, isKey) => `${topic}-${isKey ? 'key' : 'value'}`;

export const recordNameStrategy: SubjectNameStrategy = (_topic, isKey, recordName) => requireName('RecordNameStrategy', isKey, recordName);

export const topicRecordNameStrategy: SubjectNameStrategy = (topic, isKey, recordName) =>
  `${topic}-${requireName('TopicRecordNameStrategy', isKey, recordName)}`;

function requireName(strategy: string, isKey: boolean, recordName: string | undefined): string {
  if (recordName !== undefined && recordName !== '') return recordName;
  throw new RegistryClientError('CONFIG',
    `${strategy} needs a named ${isKey ? 'key' : 'value'} schema (an Avro record, enum or fixed, or a JSON Schema with a "title"); ` +
    'use TopicNameStrategy for this one');
}

const JAVA_PACKAGE = 'io.confluent.kafka.serializers.subject.';
const BY_SHORT_NAME: Readonly<Record<string, SubjectNameStrategy>> = {
  TopicNameStrategy: topicNameStrategy,
  RecordNameStrategy: recordNameStrategy,
  TopicRecordNameStrategy: topicRecordNameStrategy,
};

/** The strategy a config value names: Confluent's Java class name
 * (`io.confluent.kafka.serializers.subject.TopicNameStrategy`) or its short name. */
export function subjectNameStrategy(name: string): SubjectNameStrategy {
  const trimmed = name.trim();
  const short = trimmed.startsWith(JAVA_PACKAGE) ? trimmed.slice(JAVA_PACKAGE.length) : trimmed;
  const strategy = Object.hasOwn(BY_SHORT_NAME, short) ? BY_SHORT_NAME[short] : undefined;
  if (strategy === undefined) {
    throw new RegistryClientError('CONFIG',
      `Unknown subject name strategy '${name}': expected one of ${Object.keys(BY_SHORT_NAME).join(', ')}, optionally prefixed with '${JAVA_PACKAGE}'`);
  }
  return strategy;
}
