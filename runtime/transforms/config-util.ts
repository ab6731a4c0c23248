/**
 * Config pieces several transforms share: validators with Kafka's messages and the
 * `replace.null.with.default` setting (KIP-1040).
 */
import type { ConfigKeySpec } from '../api/config/config-def.js';
import type { Validator } from '../api/config/validators.js';
import { ConfigException } from '../api/errors.js';
import { compileJavaRegex } from './java-regex.js';

/** A LIST that must have at least one item ("Empty list"). */
export const nonEmptyList: Validator = {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
      throw ConfigException.invalid(name, value ?? null, 'Empty list');
    }
  },
  toString: () => 'non-empty list',
};

/** A STRING that compiles as a (Java) regular expression. Null is left to the required-key check. */
export const validRegex: Validator = {
  ensureValid(name: string, value: unknown): void {
    if (typeof value !== 'string') return;
    try {
      compileJavaRegex(value);
    } catch (e) {
      throw ConfigException.invalid(name, value, `Invalid regex: ${e instanceof Error ? e.message : String(e)}`);
    }
  },
  toString: () => 'valid regex',
};

export const REPLACE_NULL_WITH_DEFAULT = 'replace.null.with.default';

/** The `replace.null.with.default` key: whether a null struct field reads as its schema's default. */
export const replaceNullWithDefaultKey = {
  name: REPLACE_NULL_WITH_DEFAULT,
  type: 'BOOLEAN',
  default: true,
  importance: 'MEDIUM',
  documentation:
    'When a struct field is null and its schema has a default value, use the default (true) or keep the null (false).',
} as const satisfies ConfigKeySpec;
