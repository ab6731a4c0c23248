import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCompatibility } from '../../../../registry/schema/avro/compatibility.js';
import { parseJson } from '../../../../registry/schema/avro/json.js';
import type { AvroSchema } from '../../../../registry/schema/avro/model.js';
import { SchemaParser } from '../../../../registry/schema/avro/parse.js';

const model = (schema: unknown): AvroSchema => new SchemaParser(new Map()).parse(parseJson(JSON.stringify(schema)), undefined, '');
const check = (reader: unknown, writer: unknown) => checkCompatibility(model(reader), model(writer));
/** `RULE path` of each finding, in order. */
const findings = (reader: unknown, writer: unknown): string[] => check(reader, writer).map((i) => `${i.rule} ${i.path}`);

const rec = (name: string, fields: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'record', name, fields, ...extra });
const field = (name: string, type: unknown, extra: Record<string, unknown> = {}) => ({ name, type, ...extra });

test('each primitive reads itself; promotions are one-way and only the spec ones', () => {
  const prims = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];
  const allowed = new Set(['long<-int', 'float<-int', 'float<-long', 'double<-int', 'double<-long', 'double<-float', 'bytes<-string', 'string<-bytes']);
  for (const reader of prims) {
    for (const writer of prims) {
      const ok = reader === writer || allowed.has(`${reader}<-${writer}`);
      assert.deepEqual(findings(reader, writer), ok ? [] : ['TYPE_MISMATCH /'], `${reader} reading ${writer}`);
    }
  }
});

test('a type mismatch names both types and says what would read the writer type', () => {
  const [i] = check(rec('R', [field('age', 'int')]), rec('R', [field('age', 'long')]));
  assert.equal(i.path, '/fields/age/type');
  assert.match(i.message, /Field 'age'.*int.*long/);
  assert.match(i.fix, /use long for field 'age' in the reader schema \(float or double can also read long\)/);
});

test('complex types of different kinds do not match', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ type: 'array', items: 'int' }, { type: 'map', values: 'int' }],
    [{ type: 'map', values: 'int' }, { type: 'array', items: 'int' }],
    [rec('X', []), { type: 'enum', name: 'X', symbols: ['A'] }],
    [{ type: 'fixed', name: 'X', size: 1 }, 'bytes'],
    ['bytes', { type: 'fixed', name: 'X', size: 1 }],
    [{ type: 'enum', name: 'X', symbols: ['A'] }, 'string'],
  ];
  for (const [reader, writer] of cases) assert.deepEqual(findings(reader, writer), ['TYPE_MISMATCH /'], JSON.stringify([reader, writer]));
});

test('arrays and maps compare their items and values, with the step in the path', () => {
  assert.deepEqual(findings({ type: 'array', items: 'long' }, { type: 'array', items: 'int' }), []);
  assert.deepEqual(findings({ type: 'array', items: 'int' }, { type: 'array', items: 'long' }), ['TYPE_MISMATCH /items']);
  assert.deepEqual(findings({ type: 'map', values: 'int' }, { type: 'map', values: 'string' }), ['TYPE_MISMATCH /values']);
  assert.deepEqual(findings(rec('R', [field('tags', { type: 'array', items: 'int' })]), rec('R', [field('tags', { type: 'array', items: 'string' })])),
    ['TYPE_MISMATCH /fields/tags/items']);
});

test('enums: missing writer symbols are incompatible unless the reader enum has a default', () => {
  const e = (symbols: string[], extra: Record<string, unknown> = {}) => ({ type: 'enum', name: 'Color', symbols, ...extra });
  assert.deepEqual(findings(e(['RED', 'GREEN', 'BLUE']), e(['RED', 'GREEN'])), [], 'reader gained a symbol');
  assert.deepEqual(findings(e(['GREEN', 'RED']), e(['RED', 'GREEN'])), [], 'order does not matter');
  assert.deepEqual(findings(e(['RED']), e(['RED', 'GREEN', 'BLUE'])), ['MISSING_ENUM_SYMBOLS /symbols']);
  assert.deepEqual(findings(e(['RED', 'OTHER'], { default: 'OTHER' }), e(['RED', 'GREEN'])), []);
  const [i] = check(rec('R', [field('c', e(['GREEN']))]), rec('R', [field('c', e(['RED', 'GREEN', 'BLUE']))]));
  assert.equal(i.path, '/fields/c/symbols');
  assert.match(i.message, /'BLUE', 'RED'/);
  assert.equal(i.fix, "keep symbols 'BLUE', 'RED' or give the reader enum a default");
});

test('named types match by unqualified name or by a reader alias naming the writer', () => {
  const cases: Array<[string, unknown, unknown, string[]]> = [
    ['same name, other namespace', rec('a.R', []), rec('b.R', []), []],
    ['renamed', rec('a.S', []), rec('a.R', []), ['NAME_MISMATCH /name']],
    ['renamed with alias of the full name', rec('a.S', [], { aliases: ['a.R'] }), rec('a.R', []), []],
    ['alias resolved in the reader namespace', rec('a.S', [], { aliases: ['R'] }), rec('a.R', []), []],
    ['alias in the wrong namespace', rec('a.S', [], { aliases: ['R'] }), rec('b.R', []), ['NAME_MISMATCH /name']],
    ['writer alias does not count', rec('a.S', []), rec('a.R', [], { aliases: ['a.S'] }), ['NAME_MISMATCH /name']],
    ['enum renamed', { type: 'enum', name: 'E2', symbols: ['A'] }, { type: 'enum', name: 'E1', symbols: ['A'] }, ['NAME_MISMATCH /name']],
    ['enum alias', { type: 'enum', name: 'E2', symbols: ['A'], aliases: ['E1'] }, { type: 'enum', name: 'E1', symbols: ['A'] }, []],
    ['fixed renamed', { type: 'fixed', name: 'F2', size: 2 }, { type: 'fixed', name: 'F1', size: 2 }, ['NAME_MISMATCH /name']],
    ['fixed alias', { type: 'fixed', name: 'F2', size: 2, aliases: ['F1'] }, { type: 'fixed', name: 'F1', size: 2 }, []],
  ];
  for (const [what, reader, writer, expected] of cases) assert.deepEqual(findings(reader, writer), expected, what);
  const [i] = check(rec('a.S', []), rec('a.R', []));
  assert.match(i.message, /'a\.S'.*'a\.R'/);
  assert.equal(i.fix, "rename the reader's record to 'R' or add the alias 'a.R' to it");
});

test('fixed sizes must agree, and a name mismatch is reported alongside', () => {
  assert.deepEqual(findings({ type: 'fixed', name: 'F', size: 16 }, { type: 'fixed', name: 'F', size: 16 }), []);
  assert.deepEqual(findings({ type: 'fixed', name: 'F', size: 8 }, { type: 'fixed', name: 'F', size: 16 }), ['FIXED_SIZE_MISMATCH /size']);
  assert.deepEqual(findings({ type: 'fixed', name: 'G', size: 8 }, { type: 'fixed', name: 'F', size: 16 }), ['NAME_MISMATCH /name', 'FIXED_SIZE_MISMATCH /size']);
  assert.match(check({ type: 'fixed', name: 'F', size: 8 }, { type: 'fixed', name: 'F', size: 16 })[0].fix, /keep the size at 16/);
});

test('record fields: writer-only fields are skipped, reader-only fields need a default', () => {
  const writer = rec('R', [field('id', 'int'), field('legacy', 'string')]);
  const cases: Array<[string, unknown, string[]]> = [
    ['field removed by the reader', rec('R', [field('id', 'int')]), []],
    ['field added with a default', rec('R', [field('id', 'int'), field('zip', 'string', { default: '' })]), []],
    ['field added with a null default', rec('R', [field('id', 'int'), field('zip', ['null', 'string'], { default: null })]), []],
    ['field added without a default', rec('R', [field('id', 'int'), field('zip', 'string')]), ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/zip']],
    ['enum with an enum default still needs a field default', rec('R', [field('id', 'int'), field('e', { type: 'enum', name: 'E', symbols: ['A'], default: 'A' })]),
      ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/e']],
  ];
  for (const [what, reader, expected] of cases) assert.deepEqual(findings(reader, writer), expected, what);
  const [i] = check(rec('R', [field('zip', ['null', 'string'])]), rec('R', []));
  assert.match(i.message, /Field 'zip' \(union \[null, string\]\)/);
  assert.equal(i.fix, `add a default to field 'zip' in the reader schema ("default": null), or keep the field in the writer schema`);
});

test('record fields are matched by the reader field name or its aliases', () => {
  const writer = rec('R', [field('zipcode', 'string')]);
  assert.deepEqual(findings(rec('R', [field('zip', 'string', { aliases: ['zipcode'] })]), writer), []);
  assert.deepEqual(findings(rec('R', [field('zip', 'int', { aliases: ['zipcode'] })]), writer), ['TYPE_MISMATCH /fields/zip/type']);
  assert.deepEqual(findings(rec('R', [field('zip', 'string')]), rec('R', [field('zipcode', 'string', { aliases: ['zip'] })])),
    ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/zip'], 'writer field aliases are not used');
  assert.deepEqual(findings(rec('R', [field('a', 'string', { aliases: ['b'] })]), rec('R', [field('a', 'string'), field('b', 'string')])),
    ['AMBIGUOUS_FIELD_ALIAS /fields/a']);
});

test('unions: every writer branch must be readable by some reader branch', () => {
  const cases: Array<[string, unknown, unknown, string[]]> = [
    ['same union', ['null', 'string'], ['null', 'string'], []],
    ['reader union grew', ['null', 'string', 'int'], ['null', 'string'], []],
    ['reorder', ['string', 'null'], ['null', 'string'], []],
    ['branch promoted', ['null', 'long'], ['null', 'int'], []],
    ['writer union grew', ['null', 'string'], ['null', 'string', 'int', 'bytes'], ['MISSING_UNION_BRANCH /2']],
    ['two branches lost', ['null'], ['null', 'int', 'boolean'], ['MISSING_UNION_BRANCH /1', 'MISSING_UNION_BRANCH /2']],
    ['reader union reads a plain writer', ['null', 'string'], 'string', []],
    ['reader union reads a promoted writer', ['null', 'double'], 'int', []],
    ['reader union lacks the writer type', ['null', 'string'], 'int', ['MISSING_UNION_BRANCH /']],
    ['plain reader reads a single-branch writer union', 'string', ['string'], []],
    ['plain reader, writer union with null', 'string', ['null', 'string'], ['TYPE_MISMATCH /0']],
    ['plain reader, every writer branch reported', 'int', ['null', 'string', 'int'], ['TYPE_MISMATCH /0', 'TYPE_MISMATCH /1']],
  ];
  for (const [what, reader, writer, expected] of cases) assert.deepEqual(findings(reader, writer), expected, what);
  const [nul] = check(rec('R', [field('n', 'string')]), rec('R', [field('n', ['null', 'string'])]));
  assert.equal(nul.path, '/fields/n/0');
  assert.match(nul.message, /branch 0 of the writer's union/);
  assert.equal(nul.fix, "make field 'n' in the reader schema a union that includes 'null'");
  const [missing] = check(rec('R', [field('u', ['null', 'string'])]), rec('R', [field('u', ['null', 'string', 'int'])]));
  assert.equal(missing.path, '/fields/u/2');
  assert.match(missing.fix, /add int to the reader's union/);
});

test('nested records give nested paths', () => {
  const addr = (zip: unknown, extra: unknown[] = []) => rec('Address', [field('zip', zip), ...extra]);
  const reader = rec('Person', [field('address', addr('string', [field('city', 'string')]))]);
  const writer = rec('Person', [field('address', addr('int'))]);
  const found = check(reader, writer);
  assert.deepEqual(found.map((i) => `${i.rule} ${i.path}`), ['TYPE_MISMATCH /fields/address/fields/zip/type', 'READER_FIELD_MISSING_DEFAULT_VALUE /fields/address/fields/city']);
  assert.match(found[0].message, /Field 'address\.zip'/);
  assert.match(found[1].fix, /add a default to field 'address\.city'/);
  assert.deepEqual(findings(rec('R', [field('list', { type: 'array', items: addr('string') })]), rec('R', [field('list', { type: 'array', items: addr('int') })])),
    ['TYPE_MISMATCH /fields/list/items/fields/zip/type']);
});

test('every incompatibility is reported, not only the first', () => {
  const reader = rec('P', [
    field('age', 'int'), field('color', { type: 'enum', name: 'C', symbols: ['RED'] }), field('name', 'string'), field('zip', 'string'),
    field('h', { type: 'fixed', name: 'H', size: 4 }),
  ]);
  const writer = rec('Q', [
    field('age', 'long'), field('color', { type: 'enum', name: 'C', symbols: ['RED', 'BLUE'] }), field('name', ['null', 'string']),
    field('h', { type: 'fixed', name: 'H', size: 8 }),
  ]);
  assert.deepEqual(findings(reader, writer), [
    'NAME_MISMATCH /name',
    'TYPE_MISMATCH /fields/age/type',
    'MISSING_ENUM_SYMBOLS /fields/color/symbols',
    'TYPE_MISMATCH /fields/name/0',
    'READER_FIELD_MISSING_DEFAULT_VALUE /fields/zip',
    'FIXED_SIZE_MISMATCH /fields/h/size',
  ]);
});

test('recursive schemas terminate, compatible or not', () => {
  const list = (value: string, extra: unknown[] = []) => rec('Node', [field('value', value), field('next', ['null', 'Node']), ...extra]);
  assert.deepEqual(findings(list('long'), list('int')), []);
  assert.deepEqual(findings(list('int'), list('string')), ['TYPE_MISMATCH /fields/value/type']);
  assert.deepEqual(findings(list('int', [field('tag', 'string')]), list('int')), ['READER_FIELD_MISSING_DEFAULT_VALUE /fields/tag']);
  const tree = (t: string) => rec('Tree', [field('v', t), field('kids', { type: 'array', items: 'Tree' }), field('index', { type: 'map', values: 'Tree' })]);
  assert.deepEqual(findings(tree('double'), tree('float')), []);
  assert.deepEqual(findings(tree('float'), tree('double')), ['TYPE_MISMATCH /fields/v/type']);
});

test('each incompatibility has a message and a fix', () => {
  const found = check(rec('P', [field('a', 'int'), field('b', 'string')]), rec('Q', [field('a', 'string')]));
  assert.equal(found.length, 3);
  for (const i of found) {
    assert.ok(i.message.length > 20, i.message);
    assert.ok(i.fix.length > 10, i.fix);
  }
});
