import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientOptionsFromConfig, deserializerOptionsFromConfig, serializerOptionsFromConfig } from '../../../registry/client/serde-config.js';
import { RegistryClientError } from '../../../registry/client/client-error.js';
import { recordNameStrategy } from '../../../registry/client/subject-name-strategy.js';

const isConfig = (err: unknown): boolean => err instanceof RegistryClientError && err.code === 'CONFIG';

test('client options: URL and USER_INFO basic auth', () => {
  assert.deepEqual(clientOptionsFromConfig({ 'schema.registry.url': 'http://a:8081,http://b:8081' }), { url: 'http://a:8081,http://b:8081' });
  assert.deepEqual(clientOptionsFromConfig({
    'schema.registry.url': 'http://a', 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'me:p:w', 'max.schemas.per.subject': '50',
  }), { url: 'http://a', basicAuth: { username: 'me', password: 'p:w' }, cacheCapacity: 50 });
  assert.deepEqual(clientOptionsFromConfig({
    'schema.registry.url': 'http://a', 'basic.auth.credentials.source': 'USER_INFO', 'schema.registry.basic.auth.user.info': 'x:y',
  }).basicAuth, { username: 'x', password: 'y' });
});

test('client options: missing URL, user info without a colon, SASL_INHERIT are CONFIG errors', () => {
  assert.throws(() => clientOptionsFromConfig({}), isConfig);
  assert.throws(() => clientOptionsFromConfig({ 'schema.registry.url': 'http://a', 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'me' }), isConfig);
  assert.throws(() => clientOptionsFromConfig({ 'schema.registry.url': 'http://a', 'basic.auth.credentials.source': 'SASL_INHERIT' }), isConfig);
});

test('serializer options: Confluent defaults', () => {
  assert.deepEqual(serializerOptionsFromConfig({}, false), { isKey: false, autoRegister: true, useLatestVersion: false, normalize: false });
});

test('serializer options: strings and booleans, strategy per key/value, TTL in seconds', () => {
  const opts = serializerOptionsFromConfig({
    'auto.register.schemas': 'false', 'use.latest.version': true, 'normalize.schemas': 'TRUE',
    'key.subject.name.strategy': 'io.confluent.kafka.serializers.subject.RecordNameStrategy', 'latest.cache.ttl.sec': '30',
  }, true);
  assert.equal(opts.autoRegister, false);
  assert.equal(opts.useLatestVersion, true);
  assert.equal(opts.normalize, true);
  assert.equal(opts.subjectNameStrategy, recordNameStrategy);
  assert.equal(opts.latestCacheTtlMs, 30_000);
  assert.equal(serializerOptionsFromConfig({ 'key.subject.name.strategy': 'RecordNameStrategy' }, false).subjectNameStrategy, undefined);
  assert.equal(serializerOptionsFromConfig({ 'latest.cache.ttl.sec': '-1' }, false).latestCacheTtlMs, undefined);
});

test('invalid values name the key and what was expected', () => {
  assert.throws(() => serializerOptionsFromConfig({ 'auto.register.schemas': 'yes' }, false), /auto\.register\.schemas: expected true or false/);
  assert.throws(() => serializerOptionsFromConfig({ 'latest.cache.ttl.sec': '-5' }, false), isConfig);
  assert.throws(() => serializerOptionsFromConfig({ 'max.schemas.per.subject': '0' }, false), isConfig);
  assert.throws(() => serializerOptionsFromConfig({ 'value.subject.name.strategy': 'Nope' }, false), isConfig);
});

test('deserializer options: json.fail.invalid.schema', () => {
  assert.deepEqual(deserializerOptionsFromConfig({}), { validate: false });
  assert.deepEqual(deserializerOptionsFromConfig({ 'json.fail.invalid.schema': 'true' }), { validate: true });
});
