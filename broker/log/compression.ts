/**
 * Compression codecs of record batches (magic 2): the records part of a batch (everything after
 * the 61-byte header) is one compressed block when attributes bits 0-2 are non-zero.
 *
 *   1 gzip    a gzip stream (node:zlib)
 *   2 snappy  Kafka's Java client writes the xerial framed form (magic `\x82SNAPPY\x00`, version
 *             and compatible-version int32s, then blocks of int32 length + raw snappy);
 *             librdkafka, kafkajs and others write one raw snappy block. Both are read; the raw
 *             form is written (every client reads it).
 *   3 lz4     the LZ4 frame format (magic 0x184D2204)
 *   4 zstd    a zstd frame (wasm build of the reference library, which needs its async
 *             init(): done once when this module loads)
 *
 * Errors are CompressionError, naming the codec.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import snappy from 'snappy';
import lz4 from 'lz4-napi';
import * as zstd from '@bokuweb/zstd-wasm';

await zstd.init();

export const CODEC_NONE = 0;
export const CODEC_GZIP = 1;
export const CODEC_SNAPPY = 2;
export const CODEC_LZ4 = 3;
export const CODEC_ZSTD = 4;

export const CODEC_NAMES: readonly string[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** Codec number of a `compression.type` value other than `producer` (`uncompressed` is 0). */
export function codecOfCompressionType(type: string): number {
  const codec = type === 'uncompressed' ? CODEC_NONE : CODEC_NAMES.indexOf(type);
  if (codec < 0 || type === 'none') throw new RangeError(`unknown compression.type ${type}`);
  return codec;
}

export class CompressionError extends Error {
  readonly codec: number;
  constructor(codec: number, message: string) {
    super(message);
    this.name = 'CompressionError';
    this.codec = codec;
  }
}

export function codecName(codec: number): string {
  return CODEC_NAMES[codec] ?? `unknown codec ${codec}`;
}

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
/** Magic (8) + version (4) + compatible version (4). */
const XERIAL_HEADER_SIZE = 16;

/** Whether `data` starts with the xerial snappy framing header. */
export function isXerialSnappy(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_SIZE && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

function toBuffer(u: Uint8Array | string): Buffer {
  if (typeof u === 'string') return Buffer.from(u, 'binary');
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

function snappyDecompress(data: Buffer): Buffer {
  if (!isXerialSnappy(data)) return toBuffer(snappy.uncompressSync(data));
  const parts: Buffer[] = [];
  let pos = XERIAL_HEADER_SIZE;
  while (pos < data.length) {
    if (data.length - pos < 4) throw new Error(`xerial snappy block length cut short at byte ${pos}`);
    const len = data.readInt32BE(pos);
    pos += 4;
    if (len < 0 || pos + len > data.length) throw new Error(`xerial snappy block of ${len} bytes at byte ${pos - 4} runs past the end (${data.length} bytes)`);
    parts.push(toBuffer(snappy.uncompressSync(data.subarray(pos, pos + len))));
    pos += len;
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** Compresses in the xerial framed form (blocks of at most 32 KiB of input, as the Java client). */
export function compressXerialSnappy(data: Buffer, blockSize = 32 * 1024): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_SIZE);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  const parts: Buffer[] = [header];
  for (let pos = 0; pos < data.length || pos === 0; pos += blockSize) {
    const block = snappy.compressSync(data.subarray(pos, pos + blockSize));
    const len = Buffer.alloc(4);
    len.writeInt32BE(block.length, 0);
    parts.push(len, block);
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** Largest buffer tried for a zstd frame that does not state its content size. */
const ZSTD_MAX_OUTPUT = 256 * 1024 * 1024;

function zstdDecompress(data: Buffer): Buffer {
  let size = 1024 * 1024;
  for (;;) {
    try {
      return toBuffer(zstd.decompress(data, { defaultHeapSize: size }));
    } catch (e) {
      // Frames without a content size are decompressed into a buffer of `size`; retry larger.
      if (size >= ZSTD_MAX_OUTPUT) throw e;
      size *= 4;
    }
  }
}

/** Decompresses a batch's records block; throws CompressionError naming the codec. */
export function decompress(codec: number, data: Buffer): Buffer {
  try {
    switch (codec) {
      case CODEC_NONE: return data;
      case CODEC_GZIP: return gunzipSync(data);
      case CODEC_SNAPPY: return snappyDecompress(data);
      case CODEC_LZ4: return lz4.decompressFrameSync(data);
      case CODEC_ZSTD: return zstdDecompress(data);
    }
  } catch (e) {
    throw new CompressionError(codec, `cannot decompress ${data.length} bytes with ${codecName(codec)}: ${(e as Error).message}`);
  }
  throw new CompressionError(codec, `unknown compression codec ${codec}`);
}

/** Compresses a batch's records block with `codec`; throws CompressionError naming the codec. */
export function compress(codec: number, data: Buffer): Buffer {
  try {
    switch (codec) {
      case CODEC_NONE: return data;
      case CODEC_GZIP: return gzipSync(data);
      case CODEC_SNAPPY: return snappy.compressSync(data);
      case CODEC_LZ4: return lz4.compressFrameSync(data);
      case CODEC_ZSTD: return toBuffer(zstd.compress(data, 3));
    }
  } catch (e) {
    throw new CompressionError(codec, `cannot compress ${data.length} bytes with ${codecName(codec)}: ${(e as Error).message}`);
  }
  throw new CompressionError(codec, `unknown compression codec ${codec}`);
}
