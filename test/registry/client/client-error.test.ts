import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClientError, isRegistryErrorCode } from '../../../registry/client/client-error.js';

test('REGISTRY errors keep the code, status and catalogue name', () => {
  const err = new RegistryClientError('REGISTRY', 'm', { errorCode: 40401, status: 404, registryMessage: 'Subject not found' });
  assert.equal(err.errorCode, 40401);
  assert.equal(err.status, 404);
  assert.equal(err.errorName, 'SUBJECT_NOT_FOUND');
  assert.equal(err.registryMessage, 'Subject not found');
  assert.equal(err.retriable, false);
  assert.ok(isRegistryErrorCode(err, 40401));
  assert.ok(!isRegistryErrorCode(err, 40403));
  assert.ok(!isRegistryErrorCode(new Error('40401'), 40401));
});

test('retriable: network failures, the store/leader codes, and bare 503s from proxies', () => {
  assert.equal(new RegistryClientError('NETWORK', 'x').retriable, true);
  for (const errorCode of [50001, 50002, 50003, 50004]) assert.equal(new RegistryClientError('REGISTRY', 'x', { errorCode, status: 500 }).retriable, true);
  assert.equal(new RegistryClientError('REGISTRY', 'x', { errorCode: 503, status: 503 }).retriable, true);
  assert.equal(new RegistryClientError('REGISTRY', 'x', { errorCode: 500, status: 500 }).retriable, false);
  assert.equal(new RegistryClientError('REGISTRY', 'x', { errorCode: 409, status: 409 }).retriable, false);
  assert.equal(new RegistryClientError('REGISTRY', 'x', { errorCode: 42201, status: 422 }).retriable, false);
  assert.equal(new RegistryClientError('WIRE_FORMAT', 'x').retriable, false);
  assert.equal(new RegistryClientError('REGISTRY', 'x', { errorCode: 40401, status: 404, retriable: true }).retriable, true);
});

test('unknown Confluent codes are kept without a catalogue name', () => {
  const err = new RegistryClientError('REGISTRY', 'x', { errorCode: 40499, status: 404 });
  assert.equal(err.errorCode, 40499);
  assert.equal(err.errorName, undefined);
});
