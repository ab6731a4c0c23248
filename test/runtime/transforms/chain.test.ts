import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from '../../../runtime/api/data/schema.js';
import { SchemaBuilder } from '../../../runtime/api/data/schema-builder.js';
import { Struct } from '../../../runtime/api/data/struct.js';
import { ConfigException } from '../../../runtime/api/errors.js';
import { TransformationChain, buildTransformationChain, subProps, validateTransformations } from '../../../runtime/transforms/chain.js';
import { TransformPluginRegistry, defaultTransformRegistry } from '../../../runtime/transforms/registry.js';
import { sink, source } from './fixtures.js';

const T = 'org.apache.kafka.connect.transforms.';

test('a chain applies its transforms in order', () => {
  const chain = buildTransformationChain({
    transforms: 'hoist, insert,route',
    'transforms.hoist.type': `${T}HoistField$Value`,
    'transforms.hoist.field': 'line',
    'transforms.insert.type': `${T}InsertField$Value`,
    'transforms.insert.topic.field': 'source_topic',
    'transforms.route.type': 'RegexRouter',
    'transforms.route.regex': '(.*)',
    'transforms.route.replacement': 'copy-$1',
  });
  assert.deepEqual(chain.stages.map((s) => s.alias), ['hoist', 'insert', 'route']);
  const out = chain.apply(source({ topic: 'lines', valueSchema: Schema.STRING_SCHEMA, value: 'hello' }))!;
  assert.equal(out.topic, 'copy-lines');
  const v = out.value as Struct;
  assert.deepEqual([v.get('line'), v.get('source_topic')], ['hello', 'lines']);
});

test('an empty config is an empty chain that returns the record', () => {
  const chain = buildTransformationChain({});
  const rec = sink({ value: 1 });
  assert.equal(chain.stages.length, 0);
  assert.equal(chain.apply(rec), rec);
});

const filterProps = (negate?: string): Record<string, string> => ({
  transforms: 'drop,mark',
  'transforms.drop.type': 'Filter',
  'transforms.drop.predicate': 'isTombstone',
  ...(negate === undefined ? {} : { 'transforms.drop.negate': negate }),
  'transforms.mark.type': 'InsertHeader',
  'transforms.mark.header': 'seen',
  'transforms.mark.value.literal': 'yes',
  predicates: 'isTombstone',
  'predicates.isTombstone.type': 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
});

test('predicate: a Filter applies only where the predicate holds; negate inverts it', () => {
  const chain = buildTransformationChain(filterProps());
  assert.equal(chain.apply(sink({ value: null })), null);
  assert.equal(chain.apply(sink({ value: 1 }))!.headers.lastWithName('seen')!.value, 'yes');
  const negated = buildTransformationChain(filterProps('true'));
  assert.equal(negated.apply(sink({ value: 1 })), null);
  assert.equal(negated.apply(sink({ value: null }))!.headers.lastWithName('seen')!.value, 'yes');
  assert.equal(buildTransformationChain(filterProps('false')).apply(sink({ value: null })), null);
});

test('predicates with settings, by alias, on the topic', () => {
  const chain = buildTransformationChain({
    transforms: 'mask',
    'transforms.mask.type': `${T}MaskField$Value`,
    'transforms.mask.fields': 'ssn',
    'transforms.mask.predicate': 'customers',
    predicates: 'customers',
    'predicates.customers.type': 'TopicNameMatches',
    'predicates.customers.pattern': 'customers\\..*',
  });
  assert.deepEqual(chain.apply(sink({ topic: 'customers.eu', value: { ssn: '123' } }))!.value, { ssn: '' });
  assert.deepEqual(chain.apply(sink({ topic: 'orders', value: { ssn: '123' } }))!.value, { ssn: '123' });
});

const invalid: Array<[string, Record<string, string>, Record<string, RegExp>]> = [
  ['missing type', { transforms: 'a' }, { 'transforms.a.type': /^Missing required configuration "transforms\.a\.type" which has no default value\.$/ }],
  [
    'unknown class',
    { transforms: 'a', 'transforms.a.type': 'com.example.Nope' },
    { 'transforms.a.type': /^Invalid value com\.example\.Nope for configuration transforms\.a\.type: Class com\.example\.Nope could not be found\.$/ },
  ],
  ['a predicate class as a transform', { transforms: 'a', 'transforms.a.type': 'RecordIsTombstone' }, { 'transforms.a.type': /Not a Transformation/ }],
  ['duplicate aliases', { transforms: 'a,a', 'transforms.a.type': 'Filter' }, { transforms: /^Invalid value \[a, a\] for configuration transforms: Duplicate alias provided\.$/ }],
  [
    'predicate referenced but not defined',
    { transforms: 'a', 'transforms.a.type': 'Filter', 'transforms.a.predicate': 'p' },
    { 'transforms.a.predicate': /no predicate "p" is defined \(add it to predicates and set predicates\.p\.type\)/ },
  ],
  [
    'negate without a predicate',
    { transforms: 'a', 'transforms.a.type': 'Filter', 'transforms.a.negate': 'true' },
    { 'transforms.a.negate': /^Config 'transforms\.a\.negate' was provided but there is no config 'transforms\.a\.predicate' defining a predicate to be negated\.$/ },
  ],
  ['bad negate', { transforms: 'a', 'transforms.a.type': 'Filter', 'transforms.a.negate': 'perhaps', 'transforms.a.predicate': 'p', predicates: 'p', 'predicates.p.type': 'RecordIsTombstone' }, { 'transforms.a.negate': /Expected value to be either true or false/ }],
  ['bad transform setting', { transforms: 'c', 'transforms.c.type': `${T}Cast$Value`, 'transforms.c.spec': 'a:int' }, { 'transforms.c.spec': /Invalid type found in casting spec: int/ }],
  ['missing transform setting', { transforms: 'c', 'transforms.c.type': `${T}Cast$Value` }, { 'transforms.c.spec': /Missing required configuration "transforms\.c\.spec"/ }],
  ['a rule checked in configure(), keyless', { transforms: 'i', 'transforms.i.type': `${T}InsertField$Value` }, { 'transforms.i.type': /^No field insertion configured$/ }],
  ['a rule checked in configure(), keyed', { transforms: 'h', 'transforms.h.type': `${T}HeaderFrom$Value`, 'transforms.h.fields': 'a,b', 'transforms.h.headers': 'x', 'transforms.h.operation': 'copy' }, { 'transforms.h.headers': /same number of elements/ }],
  ['missing predicate type', { predicates: 'p' }, { 'predicates.p.type': /Missing required configuration "predicates\.p\.type"/ }],
  ['a transform class as a predicate', { predicates: 'p', 'predicates.p.type': 'Filter' }, { 'predicates.p.type': /Not a Predicate/ }],
  ['bad predicate setting', { predicates: 'p', 'predicates.p.type': 'TopicNameMatches', 'predicates.p.pattern': '(' }, { 'predicates.p.pattern': /Invalid regex/ }],
];

for (const [name, props, expected] of invalid) {
  test(`validation: ${name}`, () => {
    const { errors } = validateTransformations(props);
    assert.deepEqual(Object.keys(errors), Object.keys(expected), JSON.stringify(errors));
    for (const [key, re] of Object.entries(expected)) assert.ok(errors[key]!.some((m) => re.test(m)), `${key}: ${JSON.stringify(errors[key])}`);
    assert.throws(
      () => buildTransformationChain(props),
      (e: unknown) => e instanceof ConfigException && Object.keys(e.errors).join() === Object.keys(expected).join(),
    );
  });
}

test('validation lists every setting with its value, group and the transform’s own keys', () => {
  const v = validateTransformations({
    transforms: 'r',
    'transforms.r.type': `${T}ReplaceField$Value`,
    'transforms.r.exclude': 'a',
    predicates: 'p',
    'predicates.p.type': 'HasHeaderKey',
    'predicates.p.name': 'h',
  });
  assert.deepEqual(v.errors, {});
  const names = v.values.map((x) => x.name);
  assert.deepEqual(names.slice(0, 5), ['transforms', 'predicates', 'transforms.r.type', 'transforms.r.predicate', 'transforms.r.negate']);
  assert.ok(names.includes('transforms.r.exclude') && names.includes('transforms.r.renames') && names.includes('predicates.p.name'));
  assert.ok(!names.includes('transforms.r.blacklist') || v.configDef.configKeys().get('transforms.r.blacklist')!.internal);
  assert.deepEqual(v.values.find((x) => x.name === 'transforms.r.exclude')!.value, ['a']);
  assert.equal(v.configDef.configKeys().get('transforms.r.exclude')!.group, 'Transforms: r');
  assert.equal(v.configDef.configKeys().get('predicates.p.name')!.group, 'Predicates: p');
});

test('subProps strips the prefix and the chain keys', () => {
  assert.deepEqual(subProps({ 'transforms.a.type': 'X', 'transforms.a.field': 'f', 'transforms.a.predicate': 'p', 'transforms.ab.x': 'no' }, 'transforms.a.', ['predicate', 'negate']), {
    type: 'X',
    field: 'f',
  });
});

test('a custom registry can add plugins; close() reaches every stage', () => {
  let closed = 0;
  const registry = new TransformPluginRegistry(defaultTransformRegistry().transformations(), defaultTransformRegistry().predicates()).registerTransformation({
    className: 'com.example.Upper',
    aliases: ['Upper'],
    doc: 'Upper-cases string values.',
    create: () => ({
      configure: () => {},
      apply: (r) => r.newRecord({ value: String(r.value).toUpperCase() }),
      config: () => defaultTransformRegistry().findTransformation('Filter')!.create().config(),
      close: () => void closed++,
    }),
  });
  const chain = buildTransformationChain({ transforms: 'u', 'transforms.u.type': 'Upper' }, registry);
  assert.equal(chain.apply(sink({ value: 'abc' }))!.value, 'ABC');
  const before = closed;
  chain.close();
  assert.equal(closed, before + 1);
  assert.ok(chain instanceof TransformationChain);
});

test('a chain derives schemas once per input schema, not per record', () => {
  const chain = buildTransformationChain({
    transforms: 'insert,drop,cast,flat',
    'transforms.insert.type': `${T}InsertField$Value`,
    'transforms.insert.offset.field': 'offset',
    'transforms.drop.type': `${T}ReplaceField$Value`,
    'transforms.drop.exclude': 'secret',
    'transforms.cast.type': `${T}Cast$Value`,
    'transforms.cast.spec': 'id:string',
    'transforms.flat.type': `${T}Flatten$Value`,
  });
  const inner = SchemaBuilder.struct().field('x', Schema.INT32_SCHEMA).build();
  const schema = SchemaBuilder.struct().field('id', Schema.INT64_SCHEMA).field('secret', Schema.STRING_SCHEMA).field('nested', inner).build();
  const outputs = Array.from({ length: 200 }, (_, i) =>
    chain.apply(sink({ kafkaOffset: i, valueSchema: schema, value: new Struct(schema).put('id', BigInt(i)).put('secret', 's').put('nested', new Struct(inner).put('x', i)) }))!,
  );
  assert.ok(outputs.every((o) => o.valueSchema === outputs[0]!.valueSchema));
  assert.deepEqual(outputs[0]!.valueSchema!.fields.map((f) => f.name), ['id', 'nested.x', 'offset']);
  const last = outputs[199]!.value as Struct;
  assert.deepEqual([last.get('id'), last.get('nested.x'), last.get('offset')], ['199', 199, 199n]);
});
