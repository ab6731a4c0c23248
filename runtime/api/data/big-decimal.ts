/**
 * An exact decimal number: an arbitrary-precision unscaled integer and a scale, value =
 * unscaled × 10^-scale (Java's BigDecimal, reduced to what Connect needs). It is the value
 * representation of the `Decimal` logical type: 12.30 with scale 2 is `{unscaled: 1230n, scale: 2}`.
 *
 * Equality is scale-sensitive, as Java's `equals` (12.3 ≠ 12.30); `compareTo` compares numbers.
 * Instances are immutable.
 */
import { DataException } from '../errors.js';

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export class BigDecimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    if (!Number.isInteger(scale)) throw new DataException(`BigDecimal scale must be an integer, got ${scale}`);
  }

  /**
   * Parses `"12.30"`, `"-1e-3"`, an integer bigint, or a finite number (through its shortest
   * decimal text, so `0.1` is exactly 0.1 with scale 1). The scale is what the text shows.
   */
  static from(value: string | number | bigint | BigDecimal): BigDecimal {
    if (value instanceof BigDecimal) return value;
    if (typeof value === 'bigint') return new BigDecimal(value, 0);
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new DataException(`Cannot represent ${value} as a BigDecimal`);
    }
    const text = String(value).trim();
    const m = PLAIN.exec(text);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new DataException(`Not a decimal number: "${text}"`);
    const frac = m[3] ?? '';
    const digits = `${m[2]}${frac}` || '0';
    const unscaled = BigInt(`${m[1] === '-' ? '-' : ''}${digits}`);
    return new BigDecimal(unscaled, frac.length - Number(m[4] ?? 0));
  }

  /**
   * The same number with another scale. Growing the scale is always exact; shrinking it throws
   * DataException unless only zeros are dropped (no silent rounding: that is the caller's choice).
   */
  setScale(scale: number): BigDecimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new BigDecimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    if (this.unscaled % divisor !== 0n) {
      throw new DataException(`Cannot set the scale of ${this.toString()} to ${scale} without rounding`);
    }
    return new BigDecimal(this.unscaled / divisor, scale);
  }

  /** Numeric comparison regardless of scale: -1, 0 or 1. */
  compareTo(other: BigDecimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.setScale(scale).unscaled;
    const b = other.setScale(scale).unscaled;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Same unscaled value and same scale (Java's `equals`). */
  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }

  /** Plain notation, never exponents: `12.30`, `-0.001`, `1200` (scale -2). */
  toString(): string {
    if (this.scale <= 0) return (this.unscaled * 10n ** BigInt(-this.scale)).toString();
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString().padStart(this.scale + 1, '0');
    const cut = digits.length - this.scale;
    return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
  }

  /** The nearest double (may lose precision). */
  toNumber(): number {
    return Number(this.toString());
  }

  /** JSON has no exact decimals: serialise as the plain string so no digit is lost. */
  toJSON(): string {
    return this.toString();
  }
}
