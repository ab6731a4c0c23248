/**
 * How Java prints numbers and bytes, for converters whose output must match Kafka's byte for
 * byte (Jackson writes a double with Double.toString, a float with Float.toString, a BigDecimal
 * with BigDecimal.toString, bytes as standard base64 with padding).
 */
import type { BigDecimal } from '../api/data/big-decimal.js';
import { DataException } from '../api/errors.js';
import { javaDouble } from '../api/config/types.js';

export { javaDouble };

/**
 * Java's Float.toString of a FLOAT32 value: the shortest decimal that reads back as the same
 * float (not the longer digits of the double that holds it in JS), in Double.toString's layout.
 */
export function javaFloat(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return javaDouble(f);
  for (let p = 1; p <= 9; p++) {
    const shortest = Number(f.toPrecision(p));
    if (Math.fround(shortest) === f) return javaDouble(shortest);
  }
  return javaDouble(f);
}

/**
 * Java's BigDecimal.toString: plain notation unless the scale is negative or the number is
 * smaller than 1e-6, then scientific (`1.23E+5`, `1E-7`). Both are valid JSON numbers.
 */
export function javaBigDecimal(d: BigDecimal): string {
  const negative = d.unscaled < 0n;
  const digits = (negative ? -d.unscaled : d.unscaled).toString();
  const adjusted = -d.scale + (digits.length - 1);
  if (d.scale >= 0 && adjusted >= -6) return d.toString();
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${negative ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** Standard base64 with padding (Java's Base64.getEncoder(), Jackson's default variant). */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes standard base64 (padding optional, no whitespace). Node's decoder silently skips
 * characters it does not know; this one refuses them, so text that is not base64 is an error.
 */
export function fromBase64(text: string, what: string): Uint8Array {
  const stripped = text.replace(/=+$/, '');
  if (!BASE64.test(text) || stripped.length % 4 === 1) {
    throw new DataException(`${what}: ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} is not base64`);
  }
  return new Uint8Array(Buffer.from(stripped, 'base64'));
}
