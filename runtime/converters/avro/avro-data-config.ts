/**
 * Names and settings shared by the two directions of AvroData (Confluent's AvroData and
 * AvroDataConfig). The property and parameter names are Confluent's, so schemas written by
 * Confluent's converter read back the same here, and the reverse.
 */
export const NAMESPACE = 'io.confluent.connect.avro';
/** Avro needs a name for every record; Connect structs may have none. */
export const DEFAULT_SCHEMA_NAME = 'ConnectDefault';
export const DEFAULT_SCHEMA_FULL_NAME = `${NAMESPACE}.${DEFAULT_SCHEMA_NAME}`;
/** Records of the array that carries a map whose keys are not (required) strings. */
export const MAP_ENTRY_TYPE_NAME = 'MapEntry';
export const KEY_FIELD = 'key';
export const VALUE_FIELD = 'value';

/** Avro schema properties written when `connect.meta.data` is true. */
export const CONNECT_NAME_PROP = 'connect.name';
export const CONNECT_DOC_PROP = 'connect.doc';
export const CONNECT_VERSION_PROP = 'connect.version';
export const CONNECT_DEFAULT_VALUE_PROP = 'connect.default';
export const CONNECT_PARAMETERS_PROP = 'connect.parameters';
export const CONNECT_TYPE_PROP = 'connect.type';
export const CONNECT_INTERNAL_TYPE_NAME = 'connect.internal.type';

/** Connect schema parameters that carry what Connect has no place for. */
export const AVRO_RECORD_DOC_PROP = `${NAMESPACE}.record.doc`;
export const AVRO_FIELD_DOC_PREFIX_PROP = `${NAMESPACE}.field.doc.`;
export const AVRO_FIELD_DEFAULT_FLAG_PROP = `${NAMESPACE}.field.default`;
export const AVRO_ENUM_DOC_PREFIX_PROP = `${NAMESPACE}.enum.doc.`;
export const AVRO_ENUM_DEFAULT_PREFIX_PROP = `${NAMESPACE}.enum.default.`;
/** Name of the Connect struct standing for an Avro union of several types. */
export const AVRO_TYPE_UNION = `${NAMESPACE}.Union`;
/** Parameter naming the Avro enum a Connect STRING came from (`<this>.<symbol>` per symbol). */
export const AVRO_TYPE_ENUM = `${NAMESPACE}.Enum`;
/** Schema parameters starting with this are copied to Avro properties and back. */
export const AVRO_PROP = 'avro';

export const AVRO_LOGICAL_TYPE_PROP = 'logicalType';
export const AVRO_LOGICAL_DECIMAL = 'decimal';
export const AVRO_LOGICAL_DATE = 'date';
export const AVRO_LOGICAL_TIME_MILLIS = 'time-millis';
export const AVRO_LOGICAL_TIMESTAMP_MILLIS = 'timestamp-millis';
export const AVRO_LOGICAL_DECIMAL_SCALE_PROP = 'scale';
export const AVRO_LOGICAL_DECIMAL_PRECISION_PROP = 'precision';
export const CONNECT_AVRO_DECIMAL_PRECISION_PROP = 'connect.decimal.precision';
export const CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT = 64;

export interface AvroDataOptions {
  /** `connect.meta.data`: write (and read) the connect.* properties that keep Connect's
   * names, versions, docs, parameters and defaults. Default true. */
  readonly connectMetaData: boolean;
  /** `enhanced.avro.schema.support`: Connect STRINGs that came from Avro enums become enums
   * again, and union branches are named by full names. Default false. */
  readonly enhancedSchemaSupport: boolean;
  /** `schemas.cache.config`: schemas kept per direction. Default 1000. */
  readonly schemasCacheSize: number;
}

export const DEFAULT_AVRO_DATA_OPTIONS: AvroDataOptions = { connectMetaData: true, enhancedSchemaSupport: false, schemasCacheSize: 1000 };

/** Splits a full name at its last dot: [namespace or undefined, name]. */
export function splitName(fullName: string): [string | undefined, string] {
  const dot = fullName.lastIndexOf('.');
  return dot >= 0 ? [fullName.slice(0, dot), fullName.slice(dot + 1)] : [undefined, fullName];
}
