/**
 * The wire-format serializer and deserializer (Avro and JSON Schema), as Confluent's
 * KafkaAvroSerializer / KafkaJsonSchemaSerializer and their deserializers behave:
 *
 * Serialize: pick the subject with the strategy, then the schema id: register the schema
 * (`autoRegister`, the default), or look it up (the subject must already hold it), or with
 * `useLatestVersion` take the subject's newest version and write the value with *that* schema.
 * Then frame: magic byte 0, the id, the payload.
 * Deserialize: read the id from the frame, fetch the writer's schema by id, decode; an Avro
 * reader schema, when given, has the writer's data resolved to it (avsc's createResolver).
 *
 * Caching: parsed schemas (by type, text and references), ids (by subject and schema), writer
 * schemas (by id) and payload readers (by writer id and reader schema) are kept, bounded, for the
 * life of the serde, so a steady stream of records makes no HTTP calls after its first record.
 * The newest version (`useLatestVersion`) is kept for `latestCacheTtlMs` (default: forever, as
 * Confluent's latest.cache.ttl.sec=-1). Schema inputs are read, never kept by reference.
 * Kafka's null (a tombstone) passes through both ways as null.
 */
import { BoundedCache } from './bounded-cache.js';
import { avroFormat } from './avro-format.js';
import { RegistryClientError } from './client-error.js';
import { jsonFormat } from './json-format.js';
import type { SchemaInput, SchemaRegistryClient } from './rest-client.js';
import { parseSchema, type FormattedSchema, type PayloadReader, type SchemaFormat } from './schema-format.js';
import { topicNameStrategy, type SubjectNameStrategy } from './subject-name-strategy.js';
import { HEADER_SIZE, decodeFrame, writeHeader } from './wire-format.js';
import type { ParsedSchema } from '../schema/provider.js';

const FORMATS: ReadonlyMap<string, SchemaFormat> = new Map([[avroFormat.type, avroFormat], [jsonFormat.type, jsonFormat]]);
const DEFAULT_CAPACITY = 1000;

export interface SerializerOptions {
  readonly client: SchemaRegistryClient;
  /** Serializing record keys (subject `<topic>-key` with TopicNameStrategy). Default false. */
  readonly isKey?: boolean;
  /** Register schemas not yet in the subject (`auto.register.schemas`, default true); when
   * false, a schema the subject does not hold fails with REGISTRY 40401/40403. */
  readonly autoRegister?: boolean;
  /** Write with the subject's newest version instead of the given schema (`use.latest.version`). */
  readonly useLatestVersion?: boolean;
  /** Ask the registry to normalize schemas before comparing them (`normalize.schemas`). */
  readonly normalize?: boolean;
  readonly subjectNameStrategy?: SubjectNameStrategy;
  /** How long the newest version of a subject is trusted, ms (default: forever). */
  readonly latestCacheTtlMs?: number;
  /** Entries per cache (default 1000). */
  readonly cacheCapacity?: number;
}

/** What serialize() writes with: the subject, the schema id and the parsed schema. */
export interface SerializeTarget extends FormattedSchema {
  readonly subject: string;
  readonly id: number;
}

interface SchemaEntry extends FormattedSchema {
  readonly recordName: string | undefined;
  /** subject -> id, filled as the schema is registered or looked up under each subject (as
   * many entries as topics this serializer writes the schema to, so not bounded separately). */
  readonly ids: Map<string, number>;
}

interface LatestEntry {
  readonly target: SerializeTarget;
  readonly fetchedAt: number;
}

/**
 * Parsed schemas by type, text and references. Keyed by the schema text itself when there are
 * no references (one cache per type), so that the per-record lookup builds no new string and a
 * caller passing the same string each time pays no hashing either (V8 keeps a string's hash).
 */
class ParsedSchemaCache {
  private readonly byType = new Map<string, BoundedCache<string, SchemaEntry>>();
  constructor(private readonly client: SchemaRegistryClient, private readonly capacity: number) {}

  async get(input: SchemaInput): Promise<SchemaEntry> {
    const type = input.schemaType ?? 'AVRO';
    let entries = this.byType.get(type);
    if (entries === undefined) {
      entries = new BoundedCache(this.capacity);
      this.byType.set(type, entries);
    }
    const key = input.references === undefined || input.references.length === 0 ? input.schema : `${input.schema}\0${JSON.stringify(input.references)}`;
    const hit = entries.get(key);
    if (hit !== undefined) return hit;
    const formatted = await parseSchema(FORMATS, this.client, input);
    const entry = { ...formatted, recordName: formatted.format.recordName(formatted.parsed), ids: new Map<string, number>() };
    entries.set(key, entry);
    return entry;
  }
}

export class Serializer {
  private readonly client: SchemaRegistryClient;
  private readonly isKey: boolean;
  private readonly autoRegister: boolean;
  private readonly useLatestVersion: boolean;
  private readonly normalize: boolean;
  private readonly strategy: SubjectNameStrategy;
  private readonly latestTtlMs: number;
  private readonly schemas: ParsedSchemaCache;
  private readonly latest: BoundedCache<string, LatestEntry>;

  constructor(options: SerializerOptions) {
    this.client = options.client;
    this.isKey = options.isKey ?? false;
    this.autoRegister = options.autoRegister ?? true;
    this.useLatestVersion = options.useLatestVersion ?? false;
    this.normalize = options.normalize ?? false;
    this.strategy = options.subjectNameStrategy ?? topicNameStrategy;
    this.latestTtlMs = options.latestCacheTtlMs ?? Infinity;
    const capacity = options.cacheCapacity ?? DEFAULT_CAPACITY;
    this.schemas = new ParsedSchemaCache(this.client, capacity);
    this.latest = new BoundedCache(capacity);
  }

  /**
   * The framed bytes of `value` for a record of `topic` (a new buffer the caller owns), or null
   * for null. `schema` is required unless `useLatestVersion` is on with a strategy that needs no
   * record name.
   */
  async serialize(topic: string, value: unknown, schema?: SchemaInput): Promise<Buffer | null> {
    if (value === null || value === undefined) return null;
    const target = await this.target(topic, schema);
    const frame = target.format.encode(target.parsed, value, HEADER_SIZE);
    writeHeader(frame, target.id);
    return frame;
  }

  /** The subject, id and schema that serialize() would use (registering or fetching as needed). */
  async target(topic: string, schema?: SchemaInput): Promise<SerializeTarget> {
    const given = schema === undefined ? undefined : await this.schemas.get(schema);
    if (this.useLatestVersion) return this.latestTarget(this.strategy(topic, this.isKey, given?.recordName));
    if (given === undefined || schema === undefined) {
      throw new RegistryClientError('CONFIG', `No schema given to serialize a ${this.isKey ? 'key' : 'value'} for topic '${topic}' (only use.latest.version works without one)`);
    }
    const subject = this.strategy(topic, this.isKey, given.recordName);
    let id = given.ids.get(subject);
    if (id === undefined) {
      const options = { normalize: this.normalize };
      id = this.autoRegister ? await this.client.register(subject, schema, options) : (await this.client.lookup(subject, schema, options)).id;
      given.ids.set(subject, id);
    }
    return { subject, id, parsed: given.parsed, format: given.format };
  }

  private async latestTarget(subject: string): Promise<SerializeTarget> {
    const hit = this.latest.get(subject);
    if (hit !== undefined && Date.now() - hit.fetchedAt < this.latestTtlMs) return hit.target;
    const newest = await this.client.getLatest(subject);
    const entry = await this.schemas.get(newest);
    const target = { subject, id: newest.id, parsed: entry.parsed, format: entry.format };
    this.latest.set(subject, { target, fetchedAt: Date.now() });
    return target;
  }
}

export interface DeserializerOptions {
  readonly client: SchemaRegistryClient;
  /** Avro: resolve every writer's data to this schema (schema evolution on read). JSON: check
   * values against it instead of the writer's schema when `validate` is on. */
  readonly readerSchema?: SchemaInput;
  /** JSON: check decoded values against the schema (`json.fail.invalid.schema`, default false). */
  readonly validate?: boolean;
  readonly cacheCapacity?: number;
}

export interface Decoded {
  readonly schemaId: number;
  /** The writer's schema, as the registry holds it under `schemaId`. */
  readonly writer: ParsedSchema;
  readonly value: unknown;
}

export class Deserializer {
  private readonly client: SchemaRegistryClient;
  private readonly readerSchema: SchemaInput | undefined;
  private readonly validate: boolean;
  private readonly schemas: ParsedSchemaCache;
  private readonly writers: BoundedCache<number, FormattedSchema>;
  /** Reader schema (or this deserializer, for none) -> writer id -> payload reader. The inner
   * maps hold one entry per writer version seen, so they are not bounded separately. */
  private readonly readers: BoundedCache<object, Map<number, PayloadReader>>;

  constructor(options: DeserializerOptions) {
    this.client = options.client;
    this.readerSchema = options.readerSchema;
    this.validate = options.validate ?? false;
    const capacity = options.cacheCapacity ?? DEFAULT_CAPACITY;
    this.schemas = new ParsedSchemaCache(this.client, capacity);
    this.writers = new BoundedCache(capacity);
    this.readers = new BoundedCache(capacity);
  }

  /** The value framed in `bytes`, or null for null. `readerSchema` overrides the one given at
   * construction. The result never shares memory with `bytes`: the caller may reuse the buffer. */
  async deserialize(bytes: Uint8Array | null | undefined, readerSchema?: SchemaInput): Promise<unknown> {
    if (bytes === null || bytes === undefined) return null;
    return (await this.decode(bytes, readerSchema)).value;
  }

  /** Like deserialize(), with the schema id and the writer's schema (for converters that must
   * describe the value's structure too). */
  async decode(bytes: Uint8Array, readerSchema: SchemaInput | undefined = this.readerSchema): Promise<Decoded> {
    const { schemaId, payload } = decodeFrame(bytes);
    const writer = await this.writer(schemaId);
    const reader = readerSchema === undefined ? undefined : await this.schemas.get(readerSchema);
    // Readers by reader schema (the parsed entry itself: no key to build per record), then by
    // writer id; `this` stands for "no reader schema".
    let byWriter = this.readers.get(reader ?? this);
    if (byWriter === undefined) {
      byWriter = new Map();
      this.readers.set(reader ?? this, byWriter);
    }
    let read = byWriter.get(schemaId);
    if (read === undefined) {
      if (reader !== undefined && reader.format !== writer.format) {
        throw new RegistryClientError('SCHEMA', `Reader schema is ${reader.format.type} but schema id ${schemaId} is ${writer.format.type}`);
      }
      read = writer.format.reader(writer.parsed, reader?.parsed, { validate: this.validate });
      byWriter.set(schemaId, read);
    }
    return { schemaId, writer: writer.parsed, value: read(payload) };
  }

  private async writer(id: number): Promise<FormattedSchema> {
    const hit = this.writers.get(id);
    if (hit !== undefined) return hit;
    const info = await this.client.getById(id);
    const entry = await this.schemas.get(info);
    this.writers.set(id, entry);
    return entry;
  }
}
