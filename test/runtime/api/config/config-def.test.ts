import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDef, ConfigKey } from '../../../../runtime/api/config/config-def.js';
import { Password } from '../../../../runtime/api/config/types.js';
import { Range, ValidString } from '../../../../runtime/api/config/validators.js';
import { ConfigException } from '../../../../runtime/api/errors.js';

const SPEC = new ConfigDef()
  .define({ name: 'file', type: 'STRING', importance: 'HIGH', documentation: 'File to read.' })
  .define({ name: 'tasks.max', type: 'INT', default: 1, validator: Range.atLeast(1), importance: 'HIGH', documentation: 'Tasks.' })
  .define({ name: 'topics', type: 'LIST', default: '', importance: 'HIGH', documentation: 'Topics.' })
  .define({ name: 'verbose', type: 'BOOLEAN', default: 'false', importance: 'LOW', documentation: 'Log more.' })
  .define({ name: 'ratio', type: 'DOUBLE', default: 0.5, importance: 'LOW', documentation: 'Ratio.' })
  .define({ name: 'password', type: 'PASSWORD', default: null, importance: 'HIGH', documentation: 'Secret.' })
  .define({ name: 'mode', type: 'STRING', default: 'bulk', validator: ValidString.in('bulk', 'incrementing'), importance: 'MEDIUM', documentation: 'Mode.' });

test('parse returns typed values with defaults filled in', () => {
  const cfg = SPEC.parse({ file: ' /tmp/in ', topics: 'a, b', 'tasks.max': '3', password: 'pw', unknown: 'ignored' });
  const file: string = cfg.file;
  const pw: Password | null = cfg.password;
  assert.equal(file, '/tmp/in');
  assert.equal(cfg['tasks.max'], 3);
  assert.deepEqual(cfg.topics, ['a', 'b']);
  assert.equal(cfg.verbose, false);
  assert.equal(cfg.ratio, 0.5);
  assert.equal(pw!.value(), 'pw');
  assert.equal(cfg.mode, 'bulk');
  assert.equal('unknown' in cfg, false);
  assert.equal(SPEC.parse({ file: 'f' }).password, null);
  assert.equal(Object.isFrozen(cfg), true);
});

test('parse throws one ConfigException listing every problem by key', () => {
  let err: unknown;
  try {
    SPEC.parse({ 'tasks.max': '0', verbose: 'maybe', mode: 'other' });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ConfigException);
  assert.deepEqual(err.errors, {
    file: ['Missing required configuration "file" which has no default value.'],
    'tasks.max': ['Invalid value 0 for configuration tasks.max: Value must be at least 1'],
    verbose: ['Invalid value maybe for configuration verbose: Expected value to be either true or false'],
    mode: ['Invalid value other for configuration mode: String must be one of: bulk, incrementing'],
  });
  assert.match(err.message, /^4 configuration errors: Missing required configuration "file" which has no default value\.; Invalid value 0/);
  assert.throws(() => SPEC.parse({}), (e: unknown) => e instanceof ConfigException && e.message === 'Missing required configuration "file" which has no default value.');
});

test('define refuses duplicates and invalid defaults; fills Kafka defaults', () => {
  assert.throws(() => new ConfigDef().define({ name: 'a', type: 'INT', importance: 'LOW', documentation: '' }).define({ name: 'a', type: 'INT', importance: 'LOW', documentation: '' }), (e: unknown) => e instanceof ConfigException && e.message === 'Configuration a is defined twice.');
  assert.throws(() => new ConfigDef().define({ name: 'n', type: 'INT', default: 0, validator: Range.atLeast(1), importance: 'LOW', documentation: '' }), /Value must be at least 1/);
  assert.throws(() => new ConfigDef().define({ name: 'n', type: 'INT', default: 'x', importance: 'LOW', documentation: '' }), /Not a number of type INT/);
  const key = new ConfigKey({ name: 'k', type: 'STRING', importance: 'LOW', documentation: 'd' });
  assert.deepEqual([key.hasDefault, key.group, key.orderInGroup, key.width, key.displayName, key.dependents], [false, null, -1, 'NONE', 'k', []]);
  assert.equal(ConfigDef.Type.INT, 'INT');
  assert.equal(ConfigDef.Importance.HIGH, 'HIGH');
  assert.equal(ConfigDef.Width.LONG, 'LONG');
});

test('validateAll gives every key a ConfigValue with Kafka messages and the parsed value', () => {
  const values = SPEC.validateAll({ 'tasks.max': 'abc', topics: 'x' });
  assert.deepEqual([...values.keys()], ['file', 'tasks.max', 'topics', 'verbose', 'ratio', 'password', 'mode']);
  assert.deepEqual(values.get('file')!.errorMessages, ['Missing required configuration "file" which has no default value.']);
  assert.equal(values.get('file')!.value, null);
  // As in Kafka, the validator also sees the null left by a failed parse.
  assert.deepEqual(values.get('tasks.max')!.errorMessages, [
    'Invalid value abc for configuration tasks.max: Not a number of type INT',
    'Invalid value null for configuration tasks.max: Value must be non-null',
  ]);
  assert.deepEqual(values.get('topics')!.value, ['x']);
  assert.equal(values.get('mode')!.value, 'bulk');
  assert.equal(values.get('verbose')!.visible, true);
  assert.deepEqual(SPEC.validate({ file: 'f' }).flatMap((v) => v.errorMessages), []);
});

test('dependents and recommenders: parents first, suggestions and visibility from parsed values', () => {
  const def = new ConfigDef()
    .define({ name: 'mode', type: 'STRING', default: 'bulk', importance: 'HIGH', documentation: '', dependents: ['incrementing.column'] })
    .define({
      name: 'incrementing.column',
      type: 'STRING',
      default: '',
      importance: 'MEDIUM',
      documentation: '',
      recommender: {
        validValues: (_n, parsed) => (parsed['mode'] === 'incrementing' ? ['id', 'seq'] : []),
        visible: (_n, parsed) => parsed['mode'] === 'incrementing',
      },
    })
    .define({
      name: 'broken',
      type: 'STRING',
      default: '',
      importance: 'LOW',
      documentation: '',
      dependents: ['ghost'],
      recommender: {
        validValues: () => {
          throw ConfigException.invalid('broken', 'x', 'cannot list');
        },
        visible: () => true,
      },
    });
  const bulk = def.validateAll({});
  assert.equal(bulk.get('incrementing.column')!.visible, false);
  const inc = def.validateAll({ mode: 'incrementing' });
  assert.equal(inc.get('incrementing.column')!.visible, true);
  assert.deepEqual(inc.get('incrementing.column')!.recommendedValues, ['id', 'seq']);
  assert.deepEqual(inc.get('broken')!.errorMessages, ['Invalid value x for configuration broken: cannot list']);
  assert.deepEqual(inc.get('ghost')!.errorMessages, ['ghost is referred in the dependents, but not defined.']);
  assert.equal(inc.get('ghost')!.visible, false);
  assert.throws(() => def.parse({}), (e: unknown) => e instanceof ConfigException && e.errors['ghost'] !== undefined);
});

test('redact hides PASSWORD values only', () => {
  assert.deepEqual(SPEC.redact({ file: '/x', password: 'hunter2', other: 'keep' }), { file: '/x', password: '[hidden]', other: 'keep' });
});

test('merge combines specs and refuses a name defined in both', () => {
  const base = new ConfigDef().define({ name: 'name', type: 'STRING', importance: 'HIGH', documentation: '', group: 'Common' });
  const merged = base.merge(new ConfigDef().define({ name: 'file', type: 'STRING', default: 'x', importance: 'HIGH', documentation: '', group: 'File' }));
  assert.deepEqual(merged.names(), ['name', 'file']);
  assert.deepEqual(merged.groups(), ['Common', 'File']);
  assert.equal(merged.parse({ name: 'n' }).file, 'x');
  assert.throws(() => merged.merge(base), /Configuration name is defined twice/);
});
