/**
 * The transform and predicate plugins the worker knows, by Kafka's class names. Each `X$Key` /
 * `X$Value` pair is two plugins over one class. Aliases are the simple class name
 * (`InsertField$Value`, `RegexRouter`, `TopicNameMatches`); an alias claimed by two plugins is
 * dropped for both, as in Kafka, so the full class name always works.
 */
import type { AnyRecord, Predicate, Transformation, TransformPlugin } from '../api/plugins/transformation.js';
import { Cast } from './cast.js';
import { DropHeaders } from './drop-headers.js';
import { ExtractField } from './extract-field.js';
import { Filter } from './filter.js';
import { Flatten } from './flatten.js';
import { HeaderFrom } from './header-from.js';
import { HoistField } from './hoist-field.js';
import { InsertField } from './insert-field.js';
import { InsertHeader } from './insert-header.js';
import { MaskField } from './mask-field.js';
import { HasHeaderKey, RecordIsTombstone, TopicNameMatches } from './predicates.js';
import type { RecordPart } from './record-part.js';
import { RegexRouter } from './regex-router.js';
import { ReplaceField } from './replace-field.js';
import { SetSchemaMetadata } from './set-schema-metadata.js';
import { TimestampConverter } from './timestamp-converter.js';
import { TimestampRouter } from './timestamp-router.js';
import { ValueToKey } from './value-to-key.js';

export const TRANSFORMS_PACKAGE = 'org.apache.kafka.connect.transforms';
export const PREDICATES_PACKAGE = 'org.apache.kafka.connect.transforms.predicates';

export type TransformationPlugin = TransformPlugin<Transformation>;
export type PredicatePlugin = TransformPlugin<Predicate>;

function simpleName(className: string): string {
  return className.slice(className.lastIndexOf('.') + 1);
}

function plugin<T>(className: string, create: () => T, doc: string): TransformPlugin<T> {
  return Object.freeze({ className, aliases: Object.freeze([simpleName(className)]), create, doc });
}

/** The `$Key` and `$Value` plugins of a transform that works on either part. */
function keyAndValue(name: string, create: (part: RecordPart) => Transformation, doc: (part: RecordPart) => string): TransformationPlugin[] {
  return [
    plugin(`${TRANSFORMS_PACKAGE}.${name}$Key`, () => create('key'), doc('key')),
    plugin(`${TRANSFORMS_PACKAGE}.${name}$Value`, () => create('value'), doc('value')),
  ];
}

/** Kafka's transforms, in Kafka's documentation order. */
export const TRANSFORMATION_PLUGINS: readonly TransformationPlugin[] = Object.freeze([
  ...keyAndValue('InsertField', (p) => new InsertField<AnyRecord>(p), (p) => `Insert fields with the record's topic, partition, offset, timestamp or a static value into the ${p}.`),
  ...keyAndValue('ReplaceField', (p) => new ReplaceField<AnyRecord>(p), (p) => `Keep, drop or rename fields of the ${p}.`),
  ...keyAndValue('MaskField', (p) => new MaskField<AnyRecord>(p), (p) => `Replace fields of the ${p} with the empty value of their type or a given replacement.`),
  plugin(`${TRANSFORMS_PACKAGE}.ValueToKey`, () => new ValueToKey(), 'Replace the record key with a Struct or map of fields taken from the value.'),
  ...keyAndValue('HoistField', (p) => new HoistField<AnyRecord>(p), (p) => `Wrap the ${p} in a Struct or map under one field.`),
  ...keyAndValue('ExtractField', (p) => new ExtractField<AnyRecord>(p), (p) => `Replace the ${p} with one of its fields.`),
  ...keyAndValue('SetSchemaMetadata', (p) => new SetSchemaMetadata<AnyRecord>(p), (p) => `Set the name and/or version of the ${p} schema.`),
  ...keyAndValue('TimestampConverter', (p) => new TimestampConverter<AnyRecord>(p), (p) => `Convert a timestamp in the ${p} between string, unix, Date, Time and Timestamp.`),
  plugin(`${TRANSFORMS_PACKAGE}.RegexRouter`, () => new RegexRouter(), 'Rename the topic with a regular expression and replacement.'),
  plugin(`${TRANSFORMS_PACKAGE}.TimestampRouter`, () => new TimestampRouter(), "Rename the topic from the topic and the record's formatted timestamp."),
  ...keyAndValue('Flatten', (p) => new Flatten<AnyRecord>(p), (p) => `Flatten nested Structs or maps in the ${p} into top-level fields.`),
  ...keyAndValue('Cast', (p) => new Cast<AnyRecord>(p), (p) => `Cast fields of the ${p}, or the whole ${p}, to another primitive type.`),
  plugin(`${TRANSFORMS_PACKAGE}.Filter`, () => new Filter(), 'Drop records (use with a predicate).'),
  ...keyAndValue('HeaderFrom', (p) => new HeaderFrom<AnyRecord>(p), (p) => `Copy or move fields of the ${p} into headers.`),
  plugin(`${TRANSFORMS_PACKAGE}.InsertHeader`, () => new InsertHeader(), 'Add a header with a literal value to every record.'),
  plugin(`${TRANSFORMS_PACKAGE}.DropHeaders`, () => new DropHeaders(), 'Remove headers by key.'),
]);

export const PREDICATE_PLUGINS: readonly PredicatePlugin[] = Object.freeze([
  plugin(`${PREDICATES_PACKAGE}.TopicNameMatches`, () => new TopicNameMatches(), 'True when the whole topic matches a regular expression.'),
  plugin(`${PREDICATES_PACKAGE}.HasHeaderKey`, () => new HasHeaderKey(), 'True when the record has a header with the given key.'),
  plugin(`${PREDICATES_PACKAGE}.RecordIsTombstone`, () => new RecordIsTombstone(), 'True when the record value is null.'),
]);

class PluginTable<T> {
  readonly #byClass = new Map<string, TransformPlugin<T>>();
  readonly #byAlias = new Map<string, TransformPlugin<T>>();
  readonly #ambiguous = new Set<string>();

  add(p: TransformPlugin<T>): void {
    if (this.#byClass.has(p.className)) throw new Error(`Plugin ${p.className} is already registered`);
    this.#byClass.set(p.className, p);
    for (const alias of p.aliases) {
      if (alias === p.className || this.#ambiguous.has(alias)) continue;
      if (this.#byAlias.has(alias)) {
        this.#byAlias.delete(alias);
        this.#ambiguous.add(alias);
      } else {
        this.#byAlias.set(alias, p);
      }
    }
  }

  find(name: string): TransformPlugin<T> | undefined {
    return this.#byClass.get(name) ?? this.#byAlias.get(name);
  }

  list(): TransformPlugin<T>[] {
    return [...this.#byClass.values()].sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0));
  }
}

/** Transform and predicate plugins by class name or unambiguous alias. */
export class TransformPluginRegistry {
  readonly #transformations = new PluginTable<Transformation>();
  readonly #predicates = new PluginTable<Predicate>();

  constructor(transformations: Iterable<TransformationPlugin> = [], predicates: Iterable<PredicatePlugin> = []) {
    for (const p of transformations) this.#transformations.add(p);
    for (const p of predicates) this.#predicates.add(p);
  }

  /** Adds a transformation plugin (Error if its class name is taken). */
  registerTransformation(p: TransformationPlugin): this {
    this.#transformations.add(p);
    return this;
  }

  registerPredicate(p: PredicatePlugin): this {
    this.#predicates.add(p);
    return this;
  }

  findTransformation(classOrAlias: string): TransformationPlugin | undefined {
    return this.#transformations.find(classOrAlias);
  }

  findPredicate(classOrAlias: string): PredicatePlugin | undefined {
    return this.#predicates.find(classOrAlias);
  }

  /** Sorted by class name (GET /connector-plugins lists them so). */
  transformations(): TransformationPlugin[] {
    return this.#transformations.list();
  }

  predicates(): PredicatePlugin[] {
    return this.#predicates.list();
  }
}

/** Every transform and predicate Kafka ships. */
export function defaultTransformRegistry(): TransformPluginRegistry {
  return new TransformPluginRegistry(TRANSFORMATION_PLUGINS, PREDICATE_PLUGINS);
}
