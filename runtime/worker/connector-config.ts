/**
 * The settings the runtime itself reads from every connector config (Kafka Connect's
 * ConnectorConfig / SinkConnectorConfig / SourceConnectorConfig keys, same names, defaults and
 * groups), plus tributary's automatic restart policy. `connectorConfigDef(type)` is the spec;
 * `parseConnectorConfig` gives typed values to the worker; validation for REST lives in
 * config-validation.ts.
 *
 * Beyond Connect (documented in the README):
 *   errors.restart.policy        never | on-failure   restart a FAILED task automatically
 *   errors.restart.max.attempts  how many automatic restarts in a row (-1: no limit)
 *   errors.restart.backoff.ms    delay before the first automatic restart; doubles each attempt
 *   errors.restart.backoff.max.ms  cap of that delay
 * and the dead-letter-queue keys are accepted for source connectors too (records whose produce
 * failed go there with stage PRODUCE).
 */
import { ConfigDef } from '../api/config/config-def.js';
import { ConfigException } from '../api/errors.js';
import type { ConnectorType } from '../api/connector/plugin.js';
import { LambdaValidator, NonEmptyStringWithoutControlChars, Range, ValidString } from '../api/config/validators.js';

export const COMMON_GROUP = 'Common';
export const ERROR_GROUP = 'Error Handling';
export const TOPIC_CREATION_GROUP = 'Topic Creation';

export type ConverterLookup = (role: 'converter' | 'header_converter', name: string) => boolean;

function converterKey(name: string, role: 'converter' | 'header_converter', order: number, display: string, lookup: ConverterLookup | undefined) {
  return {
    name, type: 'CLASS', default: null, importance: 'LOW', group: COMMON_GROUP, orderInGroup: order, width: 'SHORT', displayName: display,
    documentation: `${display}: overrides the worker's ${name} for this connector (class name or alias); its settings are ${name}.*.`,
    validator: LambdaValidator.with((n, v) => {
      if (typeof v === 'string' && lookup !== undefined && !lookup(role, v)) throw ConfigException.invalid(n, v, `Class ${v} could not be found.`);
    }, () => `a ${role.replace('_', ' ')} class or alias`),
  } as const;
}

/** The runtime's keys of a connector of this type (names, defaults and groups as in Kafka Connect). */
export function connectorConfigDef(type: ConnectorType | null, lookupConverter?: ConverterLookup, isConnector?: (name: string) => boolean): ConfigDef {
  let order = 0;
  let errOrder = 0;
  const def = new ConfigDef()
    .define({ name: 'name', type: 'STRING', validator: new NonEmptyStringWithoutControlChars(), importance: 'HIGH', group: COMMON_GROUP,
      orderInGroup: ++order, width: 'MEDIUM', displayName: 'Connector name', documentation: 'Globally unique name to use for this connector.' })
    .define({ name: 'connector.class', type: 'STRING', importance: 'HIGH', group: COMMON_GROUP, orderInGroup: ++order, width: 'LONG',
      displayName: 'Connector class',
      documentation: 'Name or alias of the class for this connector, e.g. org.apache.kafka.connect.file.FileStreamSinkConnector, FileStreamSinkConnector or FileStreamSink.',
      validator: LambdaValidator.with((n, v) => {
        if (typeof v === 'string' && isConnector !== undefined && !isConnector(v)) throw ConfigException.invalid(n, v, `Class ${v} could not be found.`);
      }, () => 'a connector class or alias') })
    .define({ name: 'tasks.max', type: 'INT', default: 1, validator: Range.atLeast(1), importance: 'HIGH', group: COMMON_GROUP, orderInGroup: ++order,
      width: 'SHORT', displayName: 'Tasks max', documentation: 'Maximum number of tasks to use for this connector.' })
    .define(converterKey('key.converter', 'converter', ++order, 'Key converter class', lookupConverter))
    .define(converterKey('value.converter', 'converter', ++order, 'Value converter class', lookupConverter))
    .define(converterKey('header.converter', 'header_converter', ++order, 'Header converter class', lookupConverter))
    .define({ name: 'config.action.reload', type: 'STRING', default: 'restart', validator: ValidString.in('none', 'restart'), importance: 'LOW',
      group: COMMON_GROUP, orderInGroup: ++order, width: 'MEDIUM', displayName: 'Reload Action',
      documentation: 'Accepted for compatibility (no configuration providers here).' })
    .define({ name: 'errors.retry.timeout', type: 'LONG', default: 0, validator: Range.atLeast(-1), importance: 'MEDIUM', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'MEDIUM', displayName: 'Retry Timeout for Errors',
      documentation: 'The maximum duration in milliseconds that a failed operation will be reattempted. 0 (the default): no retries; -1: retry forever.' })
    .define({ name: 'errors.retry.delay.max.ms', type: 'LONG', default: 60000, validator: Range.atLeast(0), importance: 'MEDIUM', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'MEDIUM', displayName: 'Maximum Delay Between Retries for Errors',
      documentation: 'The maximum duration in milliseconds between two retries; the delay doubles from 300 ms up to this, with jitter.' })
    .define({ name: 'errors.tolerance', type: 'STRING', default: 'none', validator: ValidString.in('none', 'all'), importance: 'MEDIUM', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'SHORT', displayName: 'Error Tolerance',
      documentation: "'none' (the default): any record error fails the task; 'all': skip problematic records (and report them)." })
    .define({ name: 'errors.log.enable', type: 'BOOLEAN', default: false, importance: 'MEDIUM', group: ERROR_GROUP, orderInGroup: ++errOrder,
      width: 'SHORT', displayName: 'Log Errors', documentation: 'Log each tolerated error with the failed operation and the record\'s coordinates.' })
    .define({ name: 'errors.log.include.messages', type: 'BOOLEAN', default: false, importance: 'MEDIUM', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'SHORT', displayName: 'Log Error Details',
      documentation: 'Include the record (key, value, headers) in those log lines; off by default so data never reaches the logs.' })
    .define({ name: 'errors.deadletterqueue.topic.name', type: 'STRING', default: '', importance: 'MEDIUM', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Name',
      documentation: 'Topic that receives the records that failed (with errors.tolerance=all); empty: none.' })
    .define({ name: 'errors.deadletterqueue.topic.replication.factor', type: 'SHORT', default: 3, importance: 'MEDIUM', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Replication Factor',
      documentation: 'Replication factor of the dead letter queue topic when it is created (capped at the number of brokers).' })
    .define({ name: 'errors.deadletterqueue.context.headers.enable', type: 'BOOLEAN', default: false, importance: 'MEDIUM', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'MEDIUM', displayName: 'Enable Error Context Headers',
      documentation: 'Add __connect.errors.* headers (stage, class, exception, original topic/partition/offset) to dead-lettered records.' })
    .define({ name: 'errors.restart.policy', type: 'STRING', default: 'never', validator: ValidString.in('never', 'on-failure'), importance: 'LOW',
      group: ERROR_GROUP, orderInGroup: ++errOrder, width: 'SHORT', displayName: 'Automatic Restart Policy',
      documentation: "tributary: 'on-failure' restarts a FAILED task automatically, with back-off; 'never' (Connect's behaviour) waits for a REST restart." })
    .define({ name: 'errors.restart.max.attempts', type: 'INT', default: 5, validator: Range.atLeast(-1), importance: 'LOW', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'SHORT', displayName: 'Automatic Restart Attempts',
      documentation: 'tributary: automatic restarts in a row before the task stays FAILED (-1: no limit); a task that ran for a minute starts counting again.' })
    .define({ name: 'errors.restart.backoff.ms', type: 'LONG', default: 1000, validator: Range.atLeast(0), importance: 'LOW', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'SHORT', displayName: 'Automatic Restart Back-off',
      documentation: 'tributary: delay before the first automatic restart; it doubles with each attempt.' })
    .define({ name: 'errors.restart.backoff.max.ms', type: 'LONG', default: 60000, validator: Range.atLeast(0), importance: 'LOW', group: ERROR_GROUP,
      orderInGroup: ++errOrder, width: 'SHORT', displayName: 'Automatic Restart Back-off Cap',
      documentation: 'tributary: the longest delay between automatic restarts.' });
  if (type === 'sink') {
    def
      .define({ name: 'topics', type: 'LIST', default: '', importance: 'HIGH', group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics',
        documentation: 'List of topics to consume, separated by commas.' })
      .define({ name: 'topics.regex', type: 'STRING', default: '', importance: 'HIGH', group: COMMON_GROUP, orderInGroup: 4, width: 'LONG',
        displayName: 'Topics regex', documentation: 'Regular expression giving topics to consume (matched against whole names); exclusive with topics.' });
  }
  if (type === 'source') {
    def
      .define({ name: 'topic.creation.groups', type: 'LIST', default: '', importance: 'LOW', group: TOPIC_CREATION_GROUP, orderInGroup: 1,
        width: 'LONG', displayName: 'Topic Creation Groups', documentation: 'Accepted for compatibility; only the default group is applied here.' })
      .define({ name: 'topic.creation.default.replication.factor', type: 'SHORT', default: null, importance: 'LOW', group: TOPIC_CREATION_GROUP,
        orderInGroup: 2, width: 'SHORT', displayName: 'Replication Factor',
        documentation: 'With topic.creation.default.partitions: create missing topics this connector writes to with this replication factor (-1: broker default).' })
      .define({ name: 'topic.creation.default.partitions', type: 'INT', default: null, importance: 'LOW', group: TOPIC_CREATION_GROUP,
        orderInGroup: 3, width: 'SHORT', displayName: 'Partition Count',
        documentation: 'With topic.creation.default.replication.factor: the partitions of topics this connector creates (-1: broker default). Other topic.creation.default.* keys become topic configs.' });
  }
  return def;
}

export interface ConnectorSettings {
  readonly name: string;
  readonly connectorClass: string;
  readonly tasksMax: number;
  readonly keyConverter: string | null;
  readonly valueConverter: string | null;
  readonly headerConverter: string | null;
  readonly errors: ErrorSettings;
  readonly restart: RestartPolicy;
}

export interface ErrorSettings {
  readonly retryTimeoutMs: number;
  readonly retryDelayMaxMs: number;
  readonly tolerance: 'none' | 'all';
  readonly logEnable: boolean;
  readonly logIncludeMessages: boolean;
  readonly dlqTopic: string;
  readonly dlqReplicationFactor: number;
  readonly dlqContextHeaders: boolean;
}

export interface RestartPolicy {
  readonly policy: 'never' | 'on-failure';
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly backoffMaxMs: number;
}

/** Typed values of the runtime's keys; ConfigException (by key) when any is invalid. */
export function parseConnectorConfig(props: Readonly<Record<string, string>>, type: ConnectorType | null): ConnectorSettings {
  const v = connectorConfigDef(type).parse(props) as Record<string, unknown>;
  return {
    name: v.name as string,
    connectorClass: v['connector.class'] as string,
    tasksMax: v['tasks.max'] as number,
    keyConverter: v['key.converter'] as string | null,
    valueConverter: v['value.converter'] as string | null,
    headerConverter: v['header.converter'] as string | null,
    errors: {
      retryTimeoutMs: v['errors.retry.timeout'] as number,
      retryDelayMaxMs: v['errors.retry.delay.max.ms'] as number,
      tolerance: v['errors.tolerance'] as 'none' | 'all',
      logEnable: v['errors.log.enable'] as boolean,
      logIncludeMessages: v['errors.log.include.messages'] as boolean,
      dlqTopic: (v['errors.deadletterqueue.topic.name'] as string).trim(),
      dlqReplicationFactor: v['errors.deadletterqueue.topic.replication.factor'] as number,
      dlqContextHeaders: v['errors.deadletterqueue.context.headers.enable'] as boolean,
    },
    restart: {
      policy: v['errors.restart.policy'] as 'never' | 'on-failure',
      maxAttempts: v['errors.restart.max.attempts'] as number,
      backoffMs: v['errors.restart.backoff.ms'] as number,
      backoffMaxMs: v['errors.restart.backoff.max.ms'] as number,
    },
  };
}

/** The sink's subscription: a topic list or a regular expression (validated before). */
export function sinkSubscription(props: Readonly<Record<string, string>>): { topics: string[] } | { regex: RegExp } {
  const regex = (props['topics.regex'] ?? '').trim();
  if (regex !== '') return { regex: new RegExp(`^(?:${regex})$`) };
  return { topics: (props.topics ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '') };
}

/** Cross-field rules of a sink's subscription; messages keyed by setting. */
export function sinkTopicErrors(props: Readonly<Record<string, string>>): Record<string, string[]> {
  const topics = (props.topics ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  const regex = (props['topics.regex'] ?? '').trim();
  const dlq = (props['errors.deadletterqueue.topic.name'] ?? '').trim();
  const out: Record<string, string[]> = {};
  const add = (k: string, m: string): void => void (out[k] ??= []).push(m);
  if (topics.length > 0 && regex !== '') {
    add('topics', 'topics and topics.regex are mutually exclusive options, but both are set.');
    add('topics.regex', 'topics and topics.regex are mutually exclusive options, but both are set.');
  } else if (topics.length === 0 && regex === '') {
    add('topics', 'Must configure one of topics or topics.regex');
    add('topics.regex', 'Must configure one of topics or topics.regex');
  }
  if (new Set(topics).size < topics.length) add('topics', `The 'topics' list contains duplicates: ${props.topics}`);
  if (regex !== '') {
    try {
      new RegExp(regex);
    } catch (e) {
      add('topics.regex', `Invalid value ${regex} for configuration topics.regex: ${(e as Error).message}`);
    }
  }
  if (dlq !== '' && topics.includes(dlq)) {
    add('errors.deadletterqueue.topic.name', `The DLQ topic '${dlq}' may not be included in the list of topics ('topics=${props.topics}') consumed by the connector`);
  }
  if (dlq !== '' && regex !== '' && out['topics.regex'] === undefined && new RegExp(`^(?:${regex})$`).test(dlq)) {
    add('errors.deadletterqueue.topic.name', `The DLQ topic '${dlq}' may not be included in the regex matching the topics ('topics.regex=${regex}') consumed by the connector`);
  }
  return out;
}
