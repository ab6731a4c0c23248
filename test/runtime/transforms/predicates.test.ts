import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigException } from '../../../runtime/api/errors.js';
import { Headers } from '../../../runtime/api/header/headers.js';
import type { Predicate } from '../../../runtime/api/plugins/transformation.js';
import { defaultTransformRegistry } from '../../../runtime/transforms/registry.js';
import { T, sink, source, transform } from './fixtures.js';

const P = 'org.apache.kafka.connect.transforms.predicates.';

function predicate(name: string, props: Record<string, string> = {}): Predicate {
  const p = defaultTransformRegistry().findPredicate(name)!.create();
  p.configure(props);
  return p;
}

test('TopicNameMatches matches the whole topic with a Java regex', () => {
  const p = predicate(`${P}TopicNameMatches`, { pattern: 'orders-.*' });
  assert.equal(p.test(sink({ topic: 'orders-eu' })), true);
  assert.equal(p.test(sink({ topic: 'my-orders-eu' })), false);
  assert.equal(predicate('TopicNameMatches', { pattern: '(?i)ORDERS' }).test(source({ topic: 'orders' })), true);
  assert.throws(() => predicate(`${P}TopicNameMatches`, { pattern: '' }), (e: unknown) => e instanceof ConfigException && 'pattern' in e.errors && /String must be non-empty/.test(e.message));
  assert.throws(() => predicate(`${P}TopicNameMatches`, { pattern: '[' }), (e: unknown) => e instanceof ConfigException && /pattern: Invalid regex/.test(e.message));
});

test('HasHeaderKey and RecordIsTombstone', () => {
  const has = predicate(`${P}HasHeaderKey`, { name: 'trace' });
  assert.equal(has.test(sink({ headers: new Headers().addString('trace', null) })), true);
  assert.equal(has.test(sink()), false);
  assert.throws(() => predicate(`${P}HasHeaderKey`, {}), /Missing required configuration "name"/);
  const tomb = predicate(`${P}RecordIsTombstone`);
  assert.equal(tomb.test(sink({ key: 'k', value: null })), true);
  assert.equal(tomb.test(sink({ value: 0 })), false);
});

test('Filter drops every record', () => {
  assert.equal(transform(`${T}Filter`).apply(sink({ value: 1 })), null);
});
