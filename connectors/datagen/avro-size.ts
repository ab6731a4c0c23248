/**
 * The size of a Connect value in Avro's binary encoding, as the Avro converter maps Connect to
 * Avro: an optional schema becomes the union [null, T] (one index byte, then the value unless
 * null); INT8/16/32 and Date/Time are `int`, INT64 and Timestamp `long` (zig-zag varints);
 * FLOAT32/64 are 4/8 bytes; STRING/BYTES are a length varint then the bytes; Decimal is `bytes`
 * holding the unscaled value in minimal two's complement; a STRUCT is its fields in order; an
 * ARRAY/MAP is one block (count, items, 0) or a single 0 when empty. This is the message body
 * without the 5-byte Confluent header (magic byte + schema id). Used to pad records to
 * `record.bytes`.
 */
import { BigDecimal, Struct, type Schema } from '../../runtime/api/index.js';

const MS_PER_DAY = 86_400_000;

/** Bytes of a zig-zag varint (Avro int/long). Numbers must be safe integers. */
export function varintSize(n: number | bigint): number {
  if (typeof n === 'number') {
    let z = n >= 0 ? n * 2 : -n * 2 - 1;
    let size = 1;
    while (z >= 128) {
      z = Math.floor(z / 128);
      size++;
    }
    return size;
  }
  let z = n >= 0n ? n * 2n : -n * 2n - 1n;
  let size = 1;
  while (z >= 128n) {
    z >>= 7n;
    size++;
  }
  return size;
}

function twosComplementSize(v: bigint): number {
  let len = 1;
  while (v < -(1n << BigInt(8 * len - 1)) || v >= 1n << BigInt(8 * len - 1)) len++;
  return len;
}

export function avroSize(schema: Schema, value: unknown): number {
  if (schema.optional) return 1 + (value === null || value === undefined ? 0 : requiredSize(schema, value));
  return requiredSize(schema, value ?? schema.defaultValue);
}

function requiredSize(schema: Schema, value: unknown): number {
  switch (schema.name) {
    case 'org.apache.kafka.connect.data.Decimal': {
      const n = twosComplementSize((value as BigDecimal).unscaled);
      return varintSize(n) + n;
    }
    case 'org.apache.kafka.connect.data.Timestamp':
      return varintSize((value as Date).getTime());
    case 'org.apache.kafka.connect.data.Date':
      return varintSize((value as Date).getTime() / MS_PER_DAY);
    case 'org.apache.kafka.connect.data.Time':
      return varintSize((value as Date).getTime());
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
      return varintSize(value as number);
    case 'INT64':
      return varintSize(value as bigint);
    case 'FLOAT32':
      return 4;
    case 'FLOAT64':
      return 8;
    case 'BOOLEAN':
      return 1;
    case 'STRING': {
      const n = Buffer.byteLength(value as string, 'utf8');
      return varintSize(n) + n;
    }
    case 'BYTES': {
      const n = (value as Uint8Array).length;
      return varintSize(n) + n;
    }
    case 'STRUCT': {
      const s = value as Struct;
      return schema.fields.reduce((sum, f) => sum + avroSize(f.schema, s.getWithoutDefault(f)), 0);
    }
    case 'ARRAY': {
      const items = value as unknown[];
      if (items.length === 0) return 1;
      return varintSize(items.length) + items.reduce<number>((sum, x) => sum + avroSize(schema.valueSchema!, x), 0) + 1;
    }
    case 'MAP': {
      const m = value as Map<unknown, unknown>;
      if (m.size === 0) return 1;
      let sum = varintSize(m.size) + 1;
      for (const [k, v] of m) sum += avroSize(schema.keySchema!, k) + avroSize(schema.valueSchema!, v);
      return sum;
    }
  }
}

/**
 * The length of an ASCII padding string that brings a value of `baseSize` bytes to `target` bytes
 * once the string (length varint + characters) is appended; 0 when the base is already too big.
 * Some targets cannot be hit exactly (where the varint grows a byte); the result then falls one short.
 */
export function paddingLength(target: number, baseSize: number): number {
  let len = Math.max(0, target - baseSize - 1);
  while (len > 0 && baseSize + varintSize(len) + len > target) len--;
  return len;
}
