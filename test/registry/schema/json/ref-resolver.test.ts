import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RefResolver } from '../../../../registry/schema/json/ref-resolver.js';

test('ref-resolver: JSON pointers into the document', () => {
  const doc = { $defs: { 'a/b': { type: 'string' }, list: [{ type: 'integer' }] }, properties: { x: { $ref: '#/$defs/a~1b' } } };
  const r = new RefResolver(doc, []);
  assert.equal(r.resolve('#/$defs/a~1b', doc), doc.$defs['a/b']);
  assert.equal(r.resolve('#/$defs/list/0', doc), doc.$defs.list[0]);
  assert.equal(r.resolve('#', doc), doc);
  assert.equal(r.resolve('#/nope/x', doc), undefined);
  assert.equal(r.deref(doc.properties.x), doc.$defs['a/b']);
});

test('ref-resolver: nested $id changes the base, $anchor names a node', () => {
  const inner = { $id: 'sub/item.json', $defs: { s: { $anchor: 'S', type: 'string' } } };
  const doc = { $id: 'https://example.com/root.json', $defs: { inner } };
  const r = new RefResolver(doc, []);
  assert.equal(r.resolve('sub/item.json', doc), inner);
  assert.equal(r.resolve('https://example.com/sub/item.json#S', doc), inner.$defs.s);
  // A relative ref inside the nested resource resolves against its $id.
  assert.equal(r.resolve('#S', inner), inner.$defs.s);
});

test('ref-resolver: draft-07 plain-name fragments and draft-04 ids', () => {
  const d7 = { definitions: { a: { $id: '#A', type: 'string' } } };
  assert.equal(new RefResolver(d7, []).resolve('#A', d7), d7.definitions.a);
  const d4 = { $schema: 'http://json-schema.org/draft-04/schema#', id: 'http://example.com/d4.json', definitions: { a: { type: 'string' } } };
  assert.equal(new RefResolver(d4, []).resolve('http://example.com/d4.json#/definitions/a', d4), d4.definitions.a);
});

test('ref-resolver: references are found by name, relative to the main $id', () => {
  const customer = { type: 'object', properties: { addr: { $ref: 'address.json' } } };
  const address = { type: 'object' };
  const plain = { properties: { c: { $ref: 'customer.json' } } };
  const r = new RefResolver(plain, [{ name: 'address.json', document: address }, { name: 'customer.json', document: customer }]);
  assert.equal(r.resolve('customer.json', plain), customer);
  assert.equal(r.resolve('./customer.json', plain), customer);
  assert.equal(r.deref(customer.properties.addr), address);
  const withId = { $id: 'https://example.com/s/order.json', properties: { c: { $ref: 'customer.json' } } };
  const r2 = new RefResolver(withId, [{ name: 'customer.json', document: customer }]);
  assert.equal(r2.resolve('customer.json', withId), customer);
  assert.equal(r2.resolve('https://example.com/s/customer.json', withId), customer);
});

test('ref-resolver: deref merges sibling assertions and stops on cycles', () => {
  const doc = { $defs: { s: { type: 'string' }, loop: { $ref: '#/$defs/loop' } }, a: { $ref: '#/$defs/s', maxLength: 3, description: 'x' } };
  const r = new RefResolver(doc, []);
  assert.deepEqual(r.deref(doc.a), { type: 'string', maxLength: 3 });
  assert.doesNotThrow(() => r.deref(doc.$defs.loop));
  assert.deepEqual(r.deref({ $ref: '#/missing', minimum: 1 }), { minimum: 1 });
  assert.equal(r.deref(true), true);
});
