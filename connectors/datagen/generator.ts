/**
 * Builds record `index` of a quickstart: its value Struct (with the padding field when asked for)
 * and its key. Pure: the same (seed, index) gives an equal value every time.
 */
import { Schema, SchemaBuilder, Struct } from '../../runtime/api/index.js';
import { avroSize, paddingLength } from './avro-size.js';
import { PAYLOAD_FIELD } from './config.js';
import type { Quickstart } from './quickstarts.js';
import { Rng, recordSeed } from './random.js';

export interface Generated {
  readonly key: unknown;
  readonly value: Struct;
}

export class Generator {
  readonly valueSchema: Schema;
  /** Null when records have no key. */
  readonly keySchema: Schema | null;
  readonly #quickstart: Quickstart;
  readonly #keyField: string | null;
  readonly #recordBytes: number;
  readonly #seed: number;

  /** `recordBytes` 0 means no padding field. Throws when keyField is not a quickstart field. */
  constructor(quickstart: Quickstart, opts: { seed: number; keyField: string | null; recordBytes: number }) {
    const builder = SchemaBuilder.struct().name(quickstart.schemaName).version(1);
    for (const [name, schema] of quickstart.fields) builder.field(name, schema);
    if (opts.recordBytes > 0) builder.field(PAYLOAD_FIELD, Schema.STRING_SCHEMA);
    this.valueSchema = builder.build();
    this.#quickstart = quickstart;
    this.#keyField = opts.keyField;
    this.#recordBytes = opts.recordBytes;
    this.#seed = opts.seed;
    this.keySchema = null;
    if (opts.keyField !== null) {
      const f = quickstart.fields.find(([name]) => name === opts.keyField);
      if (f === undefined) throw new Error(unknownKeyField(quickstart, opts.keyField));
      this.keySchema = f[1];
    }
  }

  generate(index: number): Generated {
    const rng = new Rng(recordSeed(this.#seed, index));
    const values = this.#quickstart.generate(rng, index);
    const value = new Struct(this.valueSchema);
    let size = 0;
    for (const [name, schema] of this.#quickstart.fields) {
      value.put(name, values[name]);
      if (this.#recordBytes > 0) size += avroSize(schema, values[name]);
    }
    if (this.#recordBytes > 0) value.put(PAYLOAD_FIELD, rng.letters(paddingLength(this.#recordBytes, size)));
    return { key: this.#keyField === null ? null : values[this.#keyField], value };
  }
}

export function unknownKeyField(quickstart: Quickstart, keyField: string): string {
  return `"${keyField}" is not a field of the ${quickstart.name} quickstart; its fields are: ${quickstart.fields.map(([n]) => n).join(', ')}`;
}
