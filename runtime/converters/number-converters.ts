/**
 * Kafka's fixed-width primitive converters (org.apache.kafka.connect.converters.*), which write
 * exactly what Kafka's own serializers write, big-endian:
 *
 *   ShortConverter    INT16    2 bytes        IntegerConverter  INT32  4 bytes
 *   LongConverter     INT64    8 bytes        FloatConverter    FLOAT32 4 bytes (IEEE 754)
 *   DoubleConverter   FLOAT64  8 bytes        BooleanConverter  BOOLEAN 1 byte, 0x01 / 0x00
 *
 * Reading yields the optional schema of the type; a message of the wrong size (or a boolean
 * byte other than 0 and 1) is a DataException. Writing ignores the schema (as Kafka's number
 * converters do) except BooleanConverter, which refuses a non-BOOLEAN schema as Kafka's does.
 * A null value is a null message and back.
 */
import type { ConfigDef } from '../api/config/config-def.js';
import { Schema, SchemaAndValue } from '../api/data/schema.js';
import { describeValue } from '../api/data/values.js';
import { DataException } from '../api/errors.js';
import { converterConfigDef } from './converter-config.js';
import { SyncConverter } from './sync-converter.js';

export const NUMBER_CONVERTER_CONFIG = converterConfigDef();

interface Codec {
  readonly typeName: string;
  readonly schema: Schema;
  readonly size: number;
  /** Throws DataException when the value is not of the type. */
  write(value: unknown, out: Buffer): void;
  read(bytes: Buffer): unknown;
}

function integer(min: number, max: number, value: unknown, typeName: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DataException(`Failed to serialize to ${typeName} (was ${describeValue(value)}): expected an integer in ${min}..${max}`);
  }
  return value;
}

/** Base of the fixed-width converters; each subclass only names its codec. */
abstract class FixedWidthConverter extends SyncConverter {
  protected abstract readonly codec: Codec;

  override config(): ConfigDef {
    return NUMBER_CONVERTER_CONFIG;
  }

  override configure(): void {}

  override serialize(_schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    const out = Buffer.alloc(this.codec.size);
    this.codec.write(value, out);
    return out;
  }

  override deserialize(bytes: Uint8Array | null): SchemaAndValue {
    if (bytes === null) return new SchemaAndValue(this.codec.schema, null);
    if (bytes.length !== this.codec.size) {
      throw new DataException(`Failed to deserialize ${this.codec.typeName}: expected ${this.codec.size} byte(s), got ${bytes.length}`);
    }
    return new SchemaAndValue(this.codec.schema, this.codec.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
  }

  close(): void {}
}

export class ShortConverter extends FixedWidthConverter {
  protected readonly codec: Codec = {
    typeName: 'short', schema: Schema.OPTIONAL_INT16_SCHEMA, size: 2,
    write: (v, out) => out.writeInt16BE(integer(-32768, 32767, v, 'short')),
    read: (b) => b.readInt16BE(0),
  };
}

export class IntegerConverter extends FixedWidthConverter {
  protected readonly codec: Codec = {
    typeName: 'integer', schema: Schema.OPTIONAL_INT32_SCHEMA, size: 4,
    write: (v, out) => out.writeInt32BE(integer(-2147483648, 2147483647, v, 'integer')),
    read: (b) => b.readInt32BE(0),
  };
}

export class LongConverter extends FixedWidthConverter {
  protected readonly codec: Codec = {
    typeName: 'long', schema: Schema.OPTIONAL_INT64_SCHEMA, size: 8,
    write: (v, out) => {
      // A safe-integer number is accepted too: connectors often have one at hand.
      const n = typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v;
      if (typeof n !== 'bigint' || BigInt.asIntN(64, n) !== n) throw new DataException(`Failed to serialize to long (was ${describeValue(v)}): expected a 64-bit bigint`);
      out.writeBigInt64BE(n);
    },
    read: (b) => b.readBigInt64BE(0),
  };
}

export class FloatConverter extends FixedWidthConverter {
  protected readonly codec: Codec = {
    typeName: 'float', schema: Schema.OPTIONAL_FLOAT32_SCHEMA, size: 4,
    write: (v, out) => {
      if (typeof v !== 'number') throw new DataException(`Failed to serialize to float (was ${describeValue(v)}): expected a number`);
      out.writeFloatBE(v);
    },
    read: (b) => b.readFloatBE(0),
  };
}

export class DoubleConverter extends FixedWidthConverter {
  protected readonly codec: Codec = {
    typeName: 'double', schema: Schema.OPTIONAL_FLOAT64_SCHEMA, size: 8,
    write: (v, out) => {
      if (typeof v !== 'number') throw new DataException(`Failed to serialize to double (was ${describeValue(v)}): expected a number`);
      out.writeDoubleBE(v);
    },
    read: (b) => b.readDoubleBE(0),
  };
}

export class BooleanConverter extends FixedWidthConverter {
  protected readonly codec: Codec = {
    typeName: 'boolean', schema: Schema.OPTIONAL_BOOLEAN_SCHEMA, size: 1,
    write: (v, out) => {
      if (typeof v !== 'boolean') throw new DataException(`BooleanConverter is not compatible with objects of type ${describeValue(v)}: expected a boolean`);
      out[0] = v ? 1 : 0;
    },
    read: (b) => {
      if (b[0] !== 0 && b[0] !== 1) throw new DataException(`Failed to deserialize boolean: unexpected byte 0x${b[0]!.toString(16).padStart(2, '0')} (expected 0x00 or 0x01)`);
      return b[0] === 1;
    },
  };

  override serialize(schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type !== 'BOOLEAN') throw new DataException(`Invalid schema type for BooleanConverter: ${schema.type}`);
    return super.serialize(schema, value);
  }
}
