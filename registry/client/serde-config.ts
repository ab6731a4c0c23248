/**
 * Confluent's client and serde config keys (as a Connect converter receives them, prefix
 * stripped) mapped to this library's options. Values may be strings, as in a Connect config,
 * or already typed. Unknown keys are ignored: a converter's config carries other settings too.
 *
 *   schema.registry.url              comma-separated base URLs
 *   basic.auth.credentials.source    USER_INFO (use basic.auth.user.info) or URL (credentials in
 *                                    the URL, the default); SASL_INHERIT is not supported
 *   basic.auth.user.info             `user:password` (alias schema.registry.basic.auth.user.info)
 *   max.schemas.per.subject          cache capacity (default 1000)
 *   auto.register.schemas            default true
 *   use.latest.version               default false
 *   normalize.schemas                default false
 *   latest.cache.ttl.sec             -1 (the default) = forever
 *   key.subject.name.strategy, value.subject.name.strategy    see subject-name-strategy.ts
 *   json.fail.invalid.schema         check JSON values on read (default false)
 */
import { RegistryClientError } from './client-error.js';
import type { RestClientOptions } from './rest-client.js';
import type { DeserializerOptions, SerializerOptions } from './serde.js';
import { subjectNameStrategy } from './subject-name-strategy.js';

export type SerdeConfig = Readonly<Record<string, unknown>>;

export function clientOptionsFromConfig(config: SerdeConfig): RestClientOptions {
  const url = text(config, 'schema.registry.url');
  if (url === undefined) throw new RegistryClientError('CONFIG', 'schema.registry.url is required, e.g. http://localhost:8081');
  const source = (text(config, 'basic.auth.credentials.source') ?? 'URL').toUpperCase();
  const capacity = integer(config, 'max.schemas.per.subject');
  const options: { -readonly [K in keyof RestClientOptions]: RestClientOptions[K] } = { url };
  if (capacity !== undefined) options.cacheCapacity = capacity;
  if (source === 'USER_INFO') {
    const info = text(config, 'basic.auth.user.info') ?? text(config, 'schema.registry.basic.auth.user.info');
    const colon = info?.indexOf(':') ?? -1;
    if (info === undefined || colon < 0) {
      throw new RegistryClientError('CONFIG', 'basic.auth.credentials.source=USER_INFO needs basic.auth.user.info as user:password');
    }
    options.basicAuth = { username: info.slice(0, colon), password: info.slice(colon + 1) };
  } else if (source !== 'URL') {
    throw new RegistryClientError('CONFIG', `basic.auth.credentials.source=${source} is not supported: use USER_INFO or URL`);
  }
  return options;
}

export function serializerOptionsFromConfig(config: SerdeConfig, isKey: boolean): Omit<SerializerOptions, 'client'> {
  const strategy = text(config, isKey ? 'key.subject.name.strategy' : 'value.subject.name.strategy');
  const ttlSec = integer(config, 'latest.cache.ttl.sec', true);
  const capacity = integer(config, 'max.schemas.per.subject');
  return {
    isKey,
    autoRegister: bool(config, 'auto.register.schemas') ?? true,
    useLatestVersion: bool(config, 'use.latest.version') ?? false,
    normalize: bool(config, 'normalize.schemas') ?? false,
    ...(strategy === undefined ? {} : { subjectNameStrategy: subjectNameStrategy(strategy) }),
    ...(ttlSec === undefined || ttlSec < 0 ? {} : { latestCacheTtlMs: ttlSec * 1000 }),
    ...(capacity === undefined ? {} : { cacheCapacity: capacity }),
  };
}

export function deserializerOptionsFromConfig(config: SerdeConfig): Omit<DeserializerOptions, 'client'> {
  const capacity = integer(config, 'max.schemas.per.subject');
  return {
    validate: bool(config, 'json.fail.invalid.schema') ?? false,
    ...(capacity === undefined ? {} : { cacheCapacity: capacity }),
  };
}

function text(config: SerdeConfig, key: string): string | undefined {
  const value = config[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(key, value, 'a string');
  return value;
}

function bool(config: SerdeConfig, key: string): boolean | undefined {
  const value = config[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw invalid(key, value, 'true or false');
}

function integer(config: SerdeConfig, key: string, allowNegative = false): number | undefined {
  const value = config[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || (n < (allowNegative ? -1 : 1))) throw invalid(key, value, allowNegative ? 'an integer, -1 or more' : 'a positive integer');
  return n;
}

const invalid = (key: string, value: unknown, expected: string): RegistryClientError =>
  new RegistryClientError('CONFIG', `Invalid value ${JSON.stringify(value)} for ${key}: expected ${expected}`);
