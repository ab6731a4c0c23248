/**
 * The registry client library: what the runtime (and any other user of a Confluent-compatible
 * schema registry) imports. REST client, wire format, subject name strategies and the Avro /
 * JSON Schema serde. Depends on registry/schema (the same providers the server uses) and
 * registry/errors only, never on the server.
 */
export { RegistryClientError, RegistryClientErrorCodes, isRegistryErrorCode, type RegistryClientErrorCode } from './client-error.js';
export {
  SchemaRegistryClient, schemaKey,
  type CompatibilityResult, type RegistrySchemaType, type RestClientOptions, type SchemaInfo, type SchemaInput, type SubjectVersion,
} from './rest-client.js';
export { HEADER_SIZE, MAGIC_BYTE, decodeFrame, encodeFrame, writeHeader, type Frame } from './wire-format.js';
export {
  recordNameStrategy, subjectNameStrategy, topicNameStrategy, topicRecordNameStrategy, type SubjectNameStrategy,
} from './subject-name-strategy.js';
export {
  Deserializer, Serializer,
  type Decoded, type DeserializerOptions, type SerializeTarget, type SerializerOptions,
} from './serde.js';
export { clientOptionsFromConfig, deserializerOptionsFromConfig, serializerOptionsFromConfig, type SerdeConfig } from './serde-config.js';
export type { SchemaReference, SchemaType, ParsedSchema } from '../schema/provider.js';
