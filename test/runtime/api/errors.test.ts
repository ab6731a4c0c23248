import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AlreadyExistsException,
  ConfigException,
  ConnectErrorCodes,
  ConnectException,
  DataException,
  IllegalWorkerStateException,
  NotFoundException,
  RetriableException,
  SchemaBuilderException,
  isRetriable,
} from '../../../runtime/api/errors.js';

test('one base class; each kind has a stable code from the catalogue and a retriable flag', () => {
  const cases: Array<[ConnectException, string, boolean, string]> = [
    [new ConnectException('x'), 'CONNECT_ERROR', false, 'ConnectException'],
    [new RetriableException('x'), 'RETRIABLE_ERROR', true, 'RetriableException'],
    [new DataException('x'), 'DATA_ERROR', false, 'DataException'],
    [new SchemaBuilderException('x'), 'SCHEMA_BUILDER_ERROR', false, 'SchemaBuilderException'],
    [new ConfigException('x'), 'CONFIG_ERROR', false, 'ConfigException'],
    [new NotFoundException('x'), 'NOT_FOUND', false, 'NotFoundException'],
    [new AlreadyExistsException('x'), 'ALREADY_EXISTS', false, 'AlreadyExistsException'],
    [new IllegalWorkerStateException('x'), 'ILLEGAL_WORKER_STATE', false, 'IllegalWorkerStateException'],
  ];
  for (const [e, code, retriable, name] of cases) {
    assert.ok(e instanceof ConnectException);
    assert.ok(e instanceof Error);
    assert.equal(e.code, code);
    assert.equal(e.retriable, retriable);
    assert.equal(e.name, name);
    assert.ok((ConnectErrorCodes as readonly string[]).includes(e.code));
  }
  assert.deepEqual(new Set(cases.map(([e]) => e.code)), new Set(ConnectErrorCodes));
  assert.ok(new SchemaBuilderException('x') instanceof DataException);
});

test('the cause is kept; classification is by flag, not message', () => {
  const cause = new Error('ECONNRESET');
  const e = new RetriableException('Elasticsearch unreachable', { cause });
  assert.equal(e.cause, cause);
  assert.equal(new ConnectException('x').cause, undefined);
  assert.equal(isRetriable(e), true);
  assert.equal(isRetriable(new DataException('retriable')), false);
  assert.equal(isRetriable({ retriable: true }), true);
  assert.equal(isRetriable(null), false);
  assert.equal(isRetriable(new Error('x')), false);
});

test('ConfigException carries per-key errors with Kafka wording', () => {
  const one = ConfigException.invalid('tasks.max', 0, 'Value must be at least 1');
  assert.equal(one.message, 'Invalid value 0 for configuration tasks.max: Value must be at least 1');
  assert.deepEqual(one.errors, { 'tasks.max': ['Invalid value 0 for configuration tasks.max: Value must be at least 1'] });
  assert.equal(ConfigException.invalid('l', ['a', 'b'], 'bad').message, 'Invalid value [a, b] for configuration l: bad');
  assert.equal(ConfigException.invalid('x', 'v').message, 'Invalid value v for configuration x');
  const many = ConfigException.of({ a: ['first'], b: ['second', 'third'] });
  assert.equal(many.message, '3 configuration errors: first; second; third');
  assert.deepEqual(many.errors, { a: ['first'], b: ['second', 'third'] });
});
