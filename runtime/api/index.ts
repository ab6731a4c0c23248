/**
 * The plugin contract: everything a connector may import (and the only thing: a lint rule keeps
 * connectors/<system>/ from importing anything else). The runtime implements the contexts and
 * drives the lifecycles described at each interface; connectors implement Connector/Task
 * subclasses, declare a ConfigDef and export ConnectorPlugin descriptors.
 */

// errors
export {
  AlreadyExistsException,
  ConfigException,
  ConnectErrorCodes,
  ConnectException,
  DataException,
  IllegalWorkerStateException,
  NotFoundException,
  RetriableException,
  SchemaBuilderException,
  isRetriable,
  type ConnectErrorCode,
  type ConnectErrorOptions,
} from './errors.js';

// data
export { BigDecimal } from './data/big-decimal.js';
export { Field } from './data/field.js';
export { Date, Decimal, Time, Timestamp } from './data/logical-types.js';
export { ConnectSchema, Schema, SchemaAndValue, SchemaType, isPrimitiveType, schemaTypeName, type SchemaProperties } from './data/schema.js';
export { SchemaBuilder, type SchemaLike } from './data/schema-builder.js';
export { Struct } from './data/struct.js';
export { LogicalNames } from './data/validate-value.js';
export { INT64_MAX, INT64_MIN, int64ToNumber, toInt64, valuesEqual } from './data/values.js';

// headers
export { Header, Headers, type HeaderTransform } from './header/headers.js';

// records
export { ConnectRecord, type ConnectRecordFields } from './connector/connect-record.js';
export { SinkRecord, type SinkRecordFields, type TimestampType } from './connector/sink-record.js';
export {
  SourceRecord,
  sourceRecord,
  type OffsetValue,
  type SourceOffset,
  type SourcePartition,
  type SourceRecordFields,
} from './connector/source-record.js';

// connectors and tasks
export {
  Connector,
  type Awaitable,
  type ConnectorContext,
  type ConnectorProps,
  type Task,
  type TaskClass,
  type Versioned,
} from './connector/connector.js';
export {
  SinkConnector,
  SinkTask,
  type ErrantRecordReporter,
  type PartitionOffset,
  type SinkConnectorContext,
  type SinkTaskContext,
  type TopicPartition,
} from './connector/sink-connector.js';
export {
  SourceConnector,
  SourceTask,
  type OffsetStorageReader,
  type RecordMetadata,
  type SourceConnectorContext,
  type SourceTaskContext,
} from './connector/source-connector.js';
export {
  ConnectorPluginRegistry,
  connectorPlugin,
  defaultAliases,
  type ConnectorPlugin,
  type ConnectorPluginSpec,
  type ConnectorType,
} from './connector/plugin.js';

// config
export { Config, ConfigDef, ConfigKey, ConfigValue, type ConfigKeySpec, type Recommender } from './config/config-def.js';
export {
  generateConfigInfos,
  type ConfigInfo,
  type ConfigInfos,
  type ConfigKeyInfo,
  type ConfigValueInfo,
} from './config/config-infos.js';
export { ConfigType, Importance, Password, Width, convertToString, parseType, type ConfigValueTypes, type ParsedValue } from './config/types.js';
export {
  CaseInsensitiveValidString,
  CompositeValidator,
  LambdaValidator,
  NonEmptyString,
  NonEmptyStringWithoutControlChars,
  NonNullValidator,
  Range,
  ValidList,
  ValidString,
  type Validator,
} from './config/validators.js';

// converters, transforms, predicates
export type { Converter, HeaderConverter } from './plugins/converter.js';
export type { AnyRecord, Predicate, Transformation, TransformPlugin } from './plugins/transformation.js';
