/**
 * Single-setting validators (Kafka's ConfigDef.Validator family). A validator receives the
 * parsed value (possibly null: a missing or unparsable value is still shown to it, as Kafka does)
 * and throws ConfigException with Kafka's wording. `toString()` is the "Valid Values" column of
 * the generated docs. Cross-field rules belong in `Connector.validate()`.
 */
import { ConfigException } from '../errors.js';

export interface Validator {
  ensureValid(name: string, value: unknown): void;
  /** Human description of what is valid, e.g. `[1,...]`. */
  toString(): string;
}

export class Range implements Validator {
  private constructor(
    private readonly min: number | undefined,
    private readonly max: number | undefined,
  ) {}

  static atLeast(min: number): Range {
    return new Range(min, undefined);
  }
  static atMost(max: number): Range {
    return new Range(undefined, max);
  }
  /** Inclusive at both ends. */
  static between(min: number, max: number): Range {
    return new Range(min, max);
  }

  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) throw ConfigException.invalid(name, null, 'Value must be non-null');
    const n = Number(value);
    if (this.min !== undefined && n < this.min) throw ConfigException.invalid(name, value, `Value must be at least ${this.min}`);
    if (this.max !== undefined && n > this.max) throw ConfigException.invalid(name, value, `Value must be no more than ${this.max}`);
  }

  toString(): string {
    if (this.min === undefined && this.max === undefined) return '[...]';
    if (this.min === undefined) return `[...,${this.max}]`;
    if (this.max === undefined) return `[${this.min},...]`;
    return `[${this.min},...,${this.max}]`;
  }
}

/** The value must be one of the given strings (case-sensitive). */
export class ValidString implements Validator {
  private constructor(readonly validStrings: readonly string[]) {}
  static in(...validStrings: string[]): ValidString {
    return new ValidString(validStrings);
  }
  ensureValid(name: string, value: unknown): void {
    if (typeof value !== 'string' || !this.validStrings.includes(value)) {
      throw ConfigException.invalid(name, value, `String must be one of: ${this.validStrings.join(', ')}`);
    }
  }
  toString(): string {
    return `[${this.validStrings.join(', ')}]`;
  }
}

/** The value must be one of the given strings, ignoring case. */
export class CaseInsensitiveValidString implements Validator {
  readonly #upper: readonly string[];
  private constructor(validStrings: readonly string[]) {
    this.#upper = [...new Set(validStrings.map((s) => s.toUpperCase()))];
  }
  static in(...validStrings: string[]): CaseInsensitiveValidString {
    return new CaseInsensitiveValidString(validStrings);
  }
  ensureValid(name: string, value: unknown): void {
    if (typeof value !== 'string' || !this.#upper.includes(value.toUpperCase())) {
      throw ConfigException.invalid(name, value, `String must be one of (case insensitive): ${this.#upper.join(', ')}`);
    }
  }
  toString(): string {
    return `(case insensitive) [${this.#upper.join(', ')}]`;
  }
}

/** Every item of a LIST must be one of the given strings. */
export class ValidList implements Validator {
  readonly #item: ValidString;
  private constructor(validStrings: readonly string[]) {
    this.#item = ValidString.in(...validStrings);
  }
  static in(...validStrings: string[]): ValidList {
    return new ValidList(validStrings);
  }
  ensureValid(name: string, value: unknown): void {
    if (!Array.isArray(value)) return;
    for (const item of value) this.#item.ensureValid(name, item);
  }
  toString(): string {
    return this.#item.toString();
  }
}

/** A STRING that, when set, is not empty. */
export class NonEmptyString implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === '') throw ConfigException.invalid(name, value, 'String must be non-empty');
  }
  toString(): string {
    return 'non-empty string';
  }
}

/** A non-empty STRING without ISO control characters (connector names). Null is let through. */
export class NonEmptyStringWithoutControlChars implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) return;
    const s = String(value);
    if (s === '') throw ConfigException.invalid(name, value, 'String may not be empty');
    const bad = [...s].map((c) => c.codePointAt(0)!).filter((c) => c <= 0x1f || (c >= 0x7f && c <= 0x9f));
    if (bad.length > 0) {
      throw ConfigException.invalid(name, value, `String may not contain control sequences but had the following ASCII chars: ${bad.join(', ')}`);
    }
  }
  toString(): string {
    return 'non-empty string without ISO control characters';
  }
}

export class NonNullValidator implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) throw ConfigException.invalid(name, 'null', 'entry must be non null');
  }
  toString(): string {
    return 'non-null string';
  }
}

/** Runs validators in order; the first failure is reported. */
export class CompositeValidator implements Validator {
  private constructor(private readonly validators: readonly Validator[]) {}
  static of(...validators: Validator[]): CompositeValidator {
    return new CompositeValidator(validators);
  }
  ensureValid(name: string, value: unknown): void {
    for (const v of this.validators) v.ensureValid(name, value);
  }
  toString(): string {
    return this.validators.map(String).join(', ');
  }
}

/**
 * A custom rule from a function. Throw `ConfigException.invalid(name, value, reason)` from it
 * (any other error is wrapped into one with its message).
 */
export class LambdaValidator implements Validator {
  private constructor(
    private readonly fn: (name: string, value: unknown) => void,
    private readonly description: () => string,
  ) {}
  static with(fn: (name: string, value: unknown) => void, description: () => string): LambdaValidator {
    return new LambdaValidator(fn, description);
  }
  ensureValid(name: string, value: unknown): void {
    try {
      this.fn(name, value);
    } catch (e) {
      if (e instanceof ConfigException) throw e;
      throw ConfigException.invalid(name, value, e instanceof Error ? e.message : String(e));
    }
  }
  toString(): string {
    return this.description();
  }
}
