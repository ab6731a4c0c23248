import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PREDICATE_PLUGINS, TRANSFORMATION_PLUGINS, TransformPluginRegistry, defaultTransformRegistry } from '../../../runtime/transforms/registry.js';
import * as transforms from '../../../runtime/transforms/index.js';

const T = 'org.apache.kafka.connect.transforms.';

test('every Kafka transform and predicate is registered under its class name', () => {
  const names = TRANSFORMATION_PLUGINS.map((p) => p.className.slice(T.length)).sort();
  const keyValue = ['Cast', 'ExtractField', 'Flatten', 'HeaderFrom', 'HoistField', 'InsertField', 'MaskField', 'ReplaceField', 'SetSchemaMetadata', 'TimestampConverter'];
  const single = ['DropHeaders', 'Filter', 'InsertHeader', 'RegexRouter', 'TimestampRouter', 'ValueToKey'];
  assert.deepEqual(names, [...keyValue.flatMap((n) => [`${n}$Key`, `${n}$Value`]), ...single].sort());
  assert.deepEqual(PREDICATE_PLUGINS.map((p) => p.className), ['TopicNameMatches', 'HasHeaderKey', 'RecordIsTombstone'].map((n) => `${T}predicates.${n}`));
  for (const p of [...TRANSFORMATION_PLUGINS, ...PREDICATE_PLUGINS]) {
    assert.ok(p.doc.length > 10, p.className);
    assert.ok(p.create().config().names().every((n) => typeof n === 'string'));
    assert.notEqual(p.create(), p.create(), 'a fresh instance per create()');
  }
});

test('lookup by class name or simple-name alias; ambiguous aliases are dropped', () => {
  const r = defaultTransformRegistry();
  assert.equal(r.findTransformation('InsertField$Value'), r.findTransformation(`${T}InsertField$Value`));
  assert.equal(r.findPredicate('TopicNameMatches')!.className, `${T}predicates.TopicNameMatches`);
  assert.equal(r.findTransformation('TopicNameMatches'), undefined);
  const doc = 'x';
  const dup = new TransformPluginRegistry([
    { className: 'a.Same', aliases: ['Same'], create: () => TRANSFORMATION_PLUGINS[0]!.create(), doc },
    { className: 'b.Same', aliases: ['Same'], create: () => TRANSFORMATION_PLUGINS[0]!.create(), doc },
  ]);
  assert.equal(dup.findTransformation('Same'), undefined);
  assert.equal(dup.findTransformation('b.Same')!.className, 'b.Same');
  assert.deepEqual(dup.transformations().map((p) => p.className), ['a.Same', 'b.Same']);
  assert.throws(() => dup.registerTransformation(dup.findTransformation('a.Same')!), /already registered/);
});

test('index exports the plugins, the chain and every transform class', () => {
  for (const name of ['TransformationChain', 'buildTransformationChain', 'validateTransformations', 'defaultTransformRegistry', 'InsertField', 'Cast', 'TopicNameMatches', 'Filter']) {
    assert.notEqual((transforms as Record<string, unknown>)[name], undefined, name);
  }
});
