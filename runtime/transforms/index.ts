/**
 * Kafka Connect's single message transforms and predicates, the plugin registry the worker
 * resolves `transforms.*.type` / `predicates.*.type` against, and the chain built from a
 * connector config. Schemaless values: see schemaless.ts.
 */
export {
  PREDICATES_CONFIG,
  TRANSFORMS_CONFIG,
  TransformationChain,
  buildTransformationChain,
  subProps,
  validateTransformations,
  type TransformationStage,
  type TransformsValidation,
} from './chain.js';
export {
  PREDICATE_PLUGINS,
  PREDICATES_PACKAGE,
  TRANSFORMATION_PLUGINS,
  TRANSFORMS_PACKAGE,
  TransformPluginRegistry,
  defaultTransformRegistry,
  type PredicatePlugin,
  type TransformationPlugin,
} from './registry.js';
export type { RecordPart } from './record-part.js';
export type { SchemalessObject } from './schemaless.js';

export { Cast } from './cast.js';
export { DropHeaders } from './drop-headers.js';
export { ExtractField } from './extract-field.js';
export { Filter } from './filter.js';
export { Flatten } from './flatten.js';
export { HeaderFrom } from './header-from.js';
export { HoistField } from './hoist-field.js';
export { InsertField } from './insert-field.js';
export { InsertHeader } from './insert-header.js';
export { MaskField } from './mask-field.js';
export { HasHeaderKey, RecordIsTombstone, TopicNameMatches } from './predicates.js';
export { RegexRouter } from './regex-router.js';
export { ReplaceField } from './replace-field.js';
export { SetSchemaMetadata } from './set-schema-metadata.js';
export { TimestampConverter } from './timestamp-converter.js';
export { TimestampRouter } from './timestamp-router.js';
export { ValueToKey } from './value-to-key.js';
