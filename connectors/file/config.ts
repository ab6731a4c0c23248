/**
 * The file connectors' settings, named and defaulted as Kafka's FileStream connectors.
 */
import { ConfigDef, NonEmptyString, Range } from '../../runtime/api/index.js';

export const FILE_CONFIG = 'file';
export const TOPIC_CONFIG = 'topic';
export const BATCH_SIZE_CONFIG = 'batch.size';
export const DEFAULT_BATCH_SIZE = 2000;

export const SOURCE_CONFIG_DEF = new ConfigDef()
  .define({
    name: FILE_CONFIG,
    type: 'STRING',
    default: null,
    importance: 'HIGH',
    documentation: 'The file to read, line by line. If not set, standard input is read (and no offsets are stored).',
  })
  .define({
    name: TOPIC_CONFIG,
    type: 'LIST',
    validator: new NonEmptyString(),
    importance: 'HIGH',
    documentation: 'The topic to write the lines to (exactly one).',
  })
  .define({
    name: BATCH_SIZE_CONFIG,
    type: 'INT',
    default: DEFAULT_BATCH_SIZE,
    validator: Range.atLeast(1),
    importance: 'LOW',
    documentation: 'The most lines returned by one poll.',
  });

export const SINK_CONFIG_DEF = new ConfigDef().define({
  name: FILE_CONFIG,
  type: 'STRING',
  default: null,
  importance: 'HIGH',
  documentation: 'The file to append record values to, one per line. If not set, standard output is used.',
});

/** The single topic of a parsed source config, or the reason it is not exactly one. */
export function singleTopic(topics: readonly string[]): string | Error {
  const named = topics.filter((t) => t !== '');
  if (named.length === 1 && topics.length === 1) return named[0]!;
  return new Error(`'${TOPIC_CONFIG}' must name exactly one topic, got ${topics.length === 0 ? 'none' : `[${topics.join(', ')}]`}`);
}
