/**
 * AvroConverter (Confluent's io.confluent.connect.avro.AvroConverter): Connect data as Avro in
 * Confluent's wire format (magic byte 0, 4-byte schema id, Avro binary), with schemas in a
 * Confluent-compatible schema registry.
 *
 * Writing: the Connect schema becomes an Avro schema (AvroData), registered under the subject the
 * strategy picks (`<topic>-value` by default) or looked up (`auto.register.schemas=false`), or
 * the subject's newest schema is used (`use.latest.version=true`); the registry enforces the
 * subject's compatibility level, so an incompatible change fails with a DataException carrying
 * the registry's own message (409). Reading: the schema id in the frame names the writer's schema
 * (fetched once, then cached), the payload is decoded with it and mapped to Connect; the Connect
 * schema's version is connect.version, else the subject version of that schema in the registry.
 * Schemaless data (a null Connect schema) is written with Confluent's Anything record schema and
 * reads back schemaless.
 *
 * Registry access goes through registry/client (REST client with its caches, subject name
 * strategies, wire format); Avro encoding uses avsc with 64-bit longs as bigints (avsc-types.ts).
 * A registry that does not answer is a RetriableException; everything else a DataException.
 *
 * Settings: Confluent's serde keys (schema.registry.url, basic.auth.credentials.source,
 * basic.auth.user.info, auto.register.schemas, use.latest.version, latest.cache.ttl.sec,
 * normalize.schemas, key.subject.name.strategy, value.subject.name.strategy,
 * max.schemas.per.subject) and AvroData's (connect.meta.data, enhanced.avro.schema.support,
 * schemas.cache.config, scrub.invalid.names).
 */
import type avsc from 'avsc';
import { ConfigDef } from '../api/config/config-def.js';
import { ValidString } from '../api/config/validators.js';
import { SchemaAndValue, type Schema } from '../api/data/schema.js';
import { ConfigException, DataException, RetriableException } from '../api/errors.js';
import type { Headers } from '../api/header/headers.js';
import type { Converter } from '../api/plugins/converter.js';
import {
  HEADER_SIZE, RegistryClientError, SchemaRegistryClient, Serializer, clientOptionsFromConfig, decodeFrame, isRegistryErrorCode, writeHeader, type Frame,
  serializerOptionsFromConfig, subjectNameStrategy, topicNameStrategy, type SchemaInfo, type SubjectNameStrategy,
} from '../../registry/client/index.js';
import { AvroData, type AvroSchemaInfo } from './avro/avro-data.js';
import { CONNECT_VERSION_PROP } from './avro/avro-data-config.js';
import { parseAvroSchema, type AvroType } from './avro/avro-schema.js';
import { avscTypeOf } from './avro/avsc-types.js';
import { LruCache } from './lru-cache.js';

const STRATEGY_DOC = 'Determines how to construct the subject name under which the schema is registered: TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (short names or io.confluent.kafka.serializers.subject.* class names).';
const TOPIC_NAME_STRATEGY = 'io.confluent.kafka.serializers.subject.TopicNameStrategy';

export const AVRO_CONVERTER_CONFIG = new ConfigDef()
  .define({ name: 'schema.registry.url', type: 'LIST', importance: 'HIGH', documentation: 'Comma-separated list of URLs for Schema Registry instances that can be used to register or look up schemas.' })
  .define({ name: 'basic.auth.credentials.source', type: 'STRING', default: 'URL', validator: ValidString.in('URL', 'USER_INFO'), importance: 'MEDIUM', documentation: 'Specify how to pick the credentials for the Basic Auth header: URL (user:password in schema.registry.url) or USER_INFO (basic.auth.user.info).' })
  .define({ name: 'basic.auth.user.info', type: 'PASSWORD', default: '', importance: 'MEDIUM', documentation: 'Specify the user info for Basic Auth in the form of {username}:{password}.' })
  .define({ name: 'auto.register.schemas', type: 'BOOLEAN', default: true, importance: 'MEDIUM', documentation: 'Specify if the Serializer should attempt to register the Schema with Schema Registry.' })
  .define({ name: 'use.latest.version', type: 'BOOLEAN', default: false, importance: 'LOW', documentation: "Specify if the Serializer should use the latest subject version for serialization (set auto.register.schemas=false with it)." })
  .define({ name: 'latest.cache.ttl.sec', type: 'LONG', default: -1, importance: 'LOW', documentation: 'How long the latest subject version is cached, in seconds; -1 caches it for ever.' })
  .define({ name: 'normalize.schemas', type: 'BOOLEAN', default: false, importance: 'LOW', documentation: 'Whether to normalize schemas, which generally ignores ordering when it is not significant.' })
  .define({ name: 'key.subject.name.strategy', type: 'CLASS', default: TOPIC_NAME_STRATEGY, importance: 'MEDIUM', documentation: STRATEGY_DOC })
  .define({ name: 'value.subject.name.strategy', type: 'CLASS', default: TOPIC_NAME_STRATEGY, importance: 'MEDIUM', documentation: STRATEGY_DOC })
  .define({ name: 'max.schemas.per.subject', type: 'INT', default: 1000, importance: 'LOW', documentation: 'Maximum number of schemas to create or cache locally.' })
  .define({ name: 'connect.meta.data', type: 'BOOLEAN', default: true, importance: 'LOW', documentation: 'Allow the Connect converter to add its metadata to the output schema.' })
  .define({ name: 'enhanced.avro.schema.support', type: 'BOOLEAN', default: false, importance: 'LOW', documentation: 'Enable enhanced schema support to preserve package information and Enums.' })
  .define({ name: 'schemas.cache.config', type: 'INT', default: 1000, importance: 'LOW', documentation: 'Size of the converted schemas cache.' })
  .define({ name: 'scrub.invalid.names', type: 'BOOLEAN', default: false, importance: 'LOW', documentation: 'Whether to scrub invalid names by replacing invalid characters with valid characters.' });

/** A writer's schema as the converter uses it to read or write payloads. */
interface WriterSchema {
  readonly text: string;
  readonly references: SchemaInfo['references'];
  readonly model: AvroType;
  readonly type: avsc.Type;
  /** Its Connect schema (null: schemaless data), once the version is known. */
  connect?: Schema | null;
  /** The Connect schema version for readers: connect.version or the subject's version. */
  version?: number | undefined;
  versionKnown?: boolean;
}

/** Where a record is written: the schema id and the Avro type to encode with. */
interface WriteTarget {
  readonly id: number;
  readonly model: AvroType;
  readonly type: avsc.Type;
}

type ReadyWriter = WriterSchema & { connect: Schema | null };

export class AvroConverter implements Converter {
  #isKey = false;
  #useLatest = false;
  #client: SchemaRegistryClient | undefined;
  #serializer: Serializer | undefined;
  #strategy: SubjectNameStrategy = topicNameStrategy;
  #avroData = new AvroData();
  #writersById = new LruCache<number, Promise<WriterSchema>>(1000);
  /** avsc types of the schemas this converter derived from Connect schemas. */
  #ownTypes = new WeakMap<AvroSchemaInfo, avsc.Type>();
  /** Schema id per derived schema and topic, once registered (or looked up): the synchronous path. */
  #targets = new WeakMap<AvroSchemaInfo, Map<string, WriteTarget>>();
  /** Writers whose Connect schema is known, by id (at most max.schemas.per.subject, oldest out). */
  #readyWriters = new Map<number, ReadyWriter>();
  #readyMax = 1000;
  /** Avro payloads are encoded here after a 5-byte gap, then copied out once with the header. */
  #scratch = Buffer.allocUnsafe(64 * 1024);

  config(): ConfigDef {
    return AVRO_CONVERTER_CONFIG;
  }

  /** The AvroData this converter maps with (for tests and tools). */
  get avroData(): AvroData {
    return this.#avroData;
  }

  configure(configs: Readonly<Record<string, string>>, isKey: boolean): void {
    const cfg = AVRO_CONVERTER_CONFIG.parse(configs);
    try {
      this.#client = new SchemaRegistryClient(clientOptionsFromConfig(configs));
      const serde = serializerOptionsFromConfig(configs, isKey);
      this.#serializer = new Serializer({ client: this.#client, ...serde });
      this.#strategy = subjectNameStrategy(cfg[isKey ? 'key.subject.name.strategy' : 'value.subject.name.strategy']);
    } catch (e) {
      if (e instanceof RegistryClientError) throw new ConfigException(`Invalid Avro converter configuration: ${e.message}`, { cause: e });
      throw e;
    }
    this.#isKey = isKey;
    this.#useLatest = cfg['use.latest.version'];
    this.#avroData = new AvroData({
      connectMetaData: cfg['connect.meta.data'],
      enhancedSchemaSupport: cfg['enhanced.avro.schema.support'],
      schemasCacheSize: cfg['schemas.cache.config'],
      scrubInvalidNames: cfg['scrub.invalid.names'],
    });
    this.#writersById = new LruCache(cfg['max.schemas.per.subject']);
    this.#ownTypes = new WeakMap();
    this.#targets = new WeakMap();
    this.#readyWriters = new Map();
    this.#readyMax = cfg['max.schemas.per.subject'];
  }

  /**
   * Synchronous once this converter has written this schema to this topic before (the subject's
   * schema id is remembered per derived Avro schema and topic); the first record of each
   * (schema, topic) pair, and every record with use.latest.version, goes through the registry.
   */
  fromConnectData(topic: string, _headers: Headers, schema: Schema | null, value: unknown): Buffer | null | Promise<Buffer | null> {
    if (value === null || value === undefined) return null;
    this.#configured(this.#serializer);
    const info = this.#avroData.fromConnectSchema(schema);
    const known = this.#useLatest ? undefined : this.#targets.get(info)?.get(topic);
    if (known === undefined) return this.#fromConnectDataFirst(topic, schema, info, value);
    try {
      return this.#encode(known, schema, value, topic);
    } catch (e) {
      throw this.#translate(e, `Failed to serialize Avro data from topic ${topic}`);
    }
  }

  async #fromConnectDataFirst(topic: string, schema: Schema | null, info: AvroSchemaInfo, value: unknown): Promise<Buffer | null> {
    try {
      const target = await this.#serializer!.target(topic, { schema: info.text });
      let writer: WriteTarget;
      if (this.#useLatest) {
        writer = { id: target.id, ...(await this.#writer(target.id)) };
      } else {
        writer = { id: target.id, model: info.model, type: this.#ownType(info) };
        let byTopic = this.#targets.get(info);
        if (byTopic === undefined) this.#targets.set(info, byTopic = new Map());
        byTopic.set(topic, writer);
      }
      return this.#encode(writer, schema, value, topic);
    } catch (e) {
      throw this.#translate(e, `Failed to serialize Avro data from topic ${topic}`);
    }
  }

  /** The frame: header, then the payload encoded straight after it (one copy out of the scratch buffer). */
  #encode(writer: WriteTarget, schema: Schema | null, value: unknown, topic: string): Buffer {
    const avroValue = this.#avroData.fromConnectData(schema, writer.model, value);
    let end: number;
    try {
      end = writer.type.encode(avroValue, this.#scratch, HEADER_SIZE);
      while (end < 0) {
        // avsc answers minus the bytes missing.
        this.#scratch = Buffer.allocUnsafe(Math.max(this.#scratch.length * 2, this.#scratch.length - end));
        end = writer.type.encode(avroValue, this.#scratch, HEADER_SIZE);
      }
    } catch (e) {
      throw new DataException(`Failed to serialize Avro data from topic ${topic}: ${(e as Error).message}`, { cause: e });
    }
    const frame = Buffer.allocUnsafe(end);
    this.#scratch.copy(frame, HEADER_SIZE, HEADER_SIZE, end);
    writeHeader(frame, writer.id);
    return frame;
  }

  /** Synchronous once the writer's schema (by the frame's id) was fetched and its version resolved. */
  toConnectData(topic: string, _headers: Headers, bytes: Buffer | null): SchemaAndValue | Promise<SchemaAndValue> {
    if (bytes === null) return SchemaAndValue.NULL;
    this.#configured(this.#client);
    let frame: Frame;
    try {
      frame = decodeFrame(bytes);
    } catch (e) {
      throw this.#translate(e, `Failed to deserialize data for topic ${topic} to Avro`);
    }
    const ready = this.#readyWriters.get(frame.schemaId);
    if (ready === undefined) return this.#toConnectDataFirst(topic, frame);
    return this.#decode(ready, frame, topic);
  }

  async #toConnectDataFirst(topic: string, frame: Frame): Promise<SchemaAndValue> {
    try {
      const writer = await this.#writer(frame.schemaId);
      if (writer.versionKnown !== true) await this.#resolveVersion(topic, writer);
      if (writer.connect === undefined) writer.connect = this.#avroData.toConnectSchema(writer.text, writer.model, writer.version);
      this.#rememberReady(frame.schemaId, writer as ReadyWriter);
      return this.#decode(writer as ReadyWriter, frame, topic);
    } catch (e) {
      throw this.#translate(e, `Failed to deserialize data for topic ${topic} to Avro`);
    }
  }

  #decode(writer: ReadyWriter, frame: Frame, topic: string): SchemaAndValue {
    let value: unknown;
    try {
      value = writer.type.fromBuffer(frame.payload);
    } catch (e) {
      throw new DataException(`Failed to deserialize data for topic ${topic} to Avro (schema id ${frame.schemaId}): ${(e as Error).message}`, { cause: e });
    }
    try {
      return this.#avroData.toConnectValue(writer.connect, writer.model, value);
    } catch (e) {
      throw this.#translate(e, `Failed to deserialize data for topic ${topic} to Avro`);
    }
  }

  close(): void {}

  #configured<T>(x: T | undefined): T {
    if (x === undefined) throw new DataException('AvroConverter used before configure(): the worker must configure it with schema.registry.url');
    return x;
  }

  #ownType(info: AvroSchemaInfo): avsc.Type {
    let type = this.#ownTypes.get(info);
    if (type === undefined) {
      type = avscTypeOf(info.model);
      this.#ownTypes.set(info, type);
    }
    return type;
  }

  #rememberReady(id: number, writer: ReadyWriter): void {
    if (this.#readyMax <= 0) return;
    this.#readyWriters.set(id, writer);
    if (this.#readyWriters.size > this.#readyMax) this.#readyWriters.delete(this.#readyWriters.keys().next().value!);
  }

  /** The registered schema with this id, parsed (with its references) and ready to use. */
  #writer(id: number): Promise<WriterSchema> {
    let pending = this.#writersById.get(id);
    if (pending === undefined) {
      pending = this.#loadWriter(id);
      // A failed fetch is not remembered: the next record tries again.
      pending.catch(() => {
        if (this.#writersById.get(id) === pending) this.#writersById.delete(id);
      });
      this.#writersById.set(id, pending);
    }
    return pending;
  }

  async #loadWriter(id: number): Promise<WriterSchema> {
    const client = this.#configured(this.#client);
    const info: SchemaInfo = await client.getById(id);
    if (info.schemaType !== 'AVRO') throw new DataException(`Schema id ${id} is a ${info.schemaType} schema, not Avro: this topic was not written with an Avro serializer`);
    const refs = info.references.length > 0 ? await client.resolveReferences(info.references) : [];
    const model = parseAvroSchema(info.schema, refs.map((r) => r.schema));
    const own = model.kind === 'union' ? undefined : model.props[CONNECT_VERSION_PROP];
    const writer: WriterSchema = { text: info.schema, references: info.references, model, type: avscTypeOf(model) };
    if (typeof own === 'number') {
      writer.version = own;
      writer.versionKnown = true;
    }
    return writer;
  }

  /** Confluent's converter gives the Connect schema the subject version of the writer's schema. */
  async #resolveVersion(topic: string, writer: WriterSchema): Promise<void> {
    const client = this.#configured(this.#client);
    const recordName = 'fullName' in writer.model ? writer.model.fullName : undefined;
    try {
      const subject = this.#strategy(topic, this.#isKey, recordName);
      writer.version = (await client.lookup(subject, { schema: writer.text, references: writer.references })).version;
    } catch (e) {
      // Not under this topic's subject (written through another strategy or subject): no version.
      if (!(e instanceof RegistryClientError) || e.retriable) throw e;
    }
    writer.versionKnown = true;
  }

  #translate(e: unknown, what: string): Error {
    if (e instanceof DataException || e instanceof RetriableException || e instanceof ConfigException) return e;
    if (e instanceof RegistryClientError) {
      if (e.retriable) return new RetriableException(`${what}: ${e.message}`, { cause: e });
      const hint = isRegistryErrorCode(e, 409)
        ? ' (the subject\'s compatibility level refuses this schema change: make the change compatible, e.g. give new fields defaults, or change the subject\'s compatibility level)'
        : '';
      return new DataException(`${what}: ${e.message}${hint}`, { cause: e });
    }
    return new DataException(`${what}: ${(e as Error).message ?? String(e)}`, { cause: e });
  }
}
