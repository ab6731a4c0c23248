/**
 * The datagen connector's settings (named as Confluent's kafka-connect-datagen where it has the
 * same setting) and the internal keys the connector adds to each task's configuration.
 */
import { CaseInsensitiveValidString, ConfigDef, NonEmptyString, Range } from '../../runtime/api/index.js';
import { QUICKSTARTS } from './quickstarts.js';

export const TOPIC_CONFIG = 'kafka.topic';
export const QUICKSTART_CONFIG = 'quickstart';
export const KEYFIELD_CONFIG = 'schema.keyfield';
export const MAX_INTERVAL_CONFIG = 'max.interval';
export const ITERATIONS_CONFIG = 'iterations';
export const SEED_CONFIG = 'random.seed';
export const RECORD_BYTES_CONFIG = 'record.bytes';
export const BATCH_SIZE_CONFIG = 'batch.size';
/** Internal: which task this is (0-based) and how many tasks share the sequence. */
export const TASK_ID_CONFIG = 'task.id';
export const TASK_COUNT_CONFIG = 'task.count';
/** The name of the padding field added when `record.bytes` > 0. */
export const PAYLOAD_FIELD = 'payload';

export const CONFIG_DEF = new ConfigDef()
  .define({ name: TOPIC_CONFIG, type: 'STRING', validator: new NonEmptyString(), importance: 'HIGH', documentation: 'The topic to write the generated records to.' })
  .define({
    name: QUICKSTART_CONFIG,
    type: 'STRING',
    validator: CaseInsensitiveValidString.in(...QUICKSTARTS.keys()),
    importance: 'HIGH',
    documentation: 'The data set to generate: users, pageviews or orders (each a Connect STRUCT schema with realistic fields).',
  })
  .define({
    name: KEYFIELD_CONFIG,
    type: 'STRING',
    default: null,
    importance: 'MEDIUM',
    documentation: "The top-level field of the value whose value (and schema) becomes the record key. Default: the quickstart's key field (users: userid, pageviews: pageid, orders: orderid). An empty string gives null keys.",
  })
  .define({
    name: MAX_INTERVAL_CONFIG,
    type: 'LONG',
    default: 500,
    validator: Range.atLeast(0),
    importance: 'MEDIUM',
    documentation: 'Each task waits a random time between 0 and this many milliseconds before each record; 0 generates as fast as possible.',
  })
  .define({
    name: ITERATIONS_CONFIG,
    type: 'LONG',
    default: -1,
    validator: Range.atLeast(-1),
    importance: 'MEDIUM',
    documentation: 'How many records to generate in total, shared among the tasks; -1 for no limit.',
  })
  .define({
    name: SEED_CONFIG,
    type: 'LONG',
    default: null,
    importance: 'LOW',
    documentation: 'Seed of the random data. With a seed, record n is the same in every run, whatever tasks.max. Without one, each connector start picks a seed.',
  })
  .define({
    name: RECORD_BYTES_CONFIG,
    type: 'INT',
    default: 0,
    validator: Range.atLeast(0),
    importance: 'LOW',
    documentation: `If above 0, a STRING field "${PAYLOAD_FIELD}" of random letters is appended to the schema, sized so that each value's Avro binary encoding (without the 5-byte Confluent header) is this many bytes (or one short, or unpadded when the record alone is larger).`,
  })
  .define({ name: BATCH_SIZE_CONFIG, type: 'INT', default: 1000, validator: Range.atLeast(1), importance: 'LOW', documentation: 'The most records returned by one poll.' });

export const TASK_CONFIG_DEF = CONFIG_DEF.merge(
  new ConfigDef()
    .define({ name: TASK_ID_CONFIG, type: 'INT', validator: Range.atLeast(0), importance: 'LOW', documentation: 'Internal: this task\'s index.', internal: true })
    .define({ name: TASK_COUNT_CONFIG, type: 'INT', validator: Range.atLeast(1), importance: 'LOW', documentation: 'Internal: the number of tasks.', internal: true }),
);

/** The key field a parsed config asks for: null for no key. */
export function keyFieldOf(configured: string | null, quickstartKeyField: string): string | null {
  if (configured === null) return quickstartKeyField;
  return configured === '' ? null : configured;
}
