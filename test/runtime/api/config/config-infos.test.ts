// The config/validate answer must be byte-for-byte what Kafka Connect returns: same keys, same
// order (Jackson's), same string conversions. The expected JSON below follows real responses of
// PUT /connector-plugins/FileStreamSink/config/validate (definition keys ending in "order").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDef, ConfigValue } from '../../../../runtime/api/config/config-def.js';
import { generateConfigInfos } from '../../../../runtime/api/config/config-infos.js';
import { NonEmptyStringWithoutControlChars, Range, ValidString } from '../../../../runtime/api/config/validators.js';

const SINK = new ConfigDef()
  .define({ name: 'name', type: 'STRING', validator: new NonEmptyStringWithoutControlChars(), importance: 'HIGH', documentation: 'Globally unique name to use for this connector.', group: 'Common', orderInGroup: 1, width: 'MEDIUM', displayName: 'Connector name' })
  .define({ name: 'connector.class', type: 'STRING', importance: 'HIGH', documentation: 'Name or alias of the class for this connector.', group: 'Common', orderInGroup: 2, width: 'LONG', displayName: 'Connector class' })
  .define({ name: 'tasks.max', type: 'INT', default: 1, validator: Range.atLeast(1), importance: 'HIGH', documentation: 'Maximum number of tasks to use for this connector.', group: 'Common', orderInGroup: 3, width: 'SHORT', displayName: 'Tasks max' })
  .define({ name: 'topics', type: 'LIST', default: '', importance: 'HIGH', documentation: 'List of topics to consume, separated by commas', group: 'Common', orderInGroup: 4, width: 'LONG', displayName: 'Topics' })
  .define({ name: 'errors.tolerance', type: 'STRING', default: 'none', validator: ValidString.in('none', 'all'), importance: 'MEDIUM', documentation: 'Behavior for tolerating errors.', group: 'Error Handling', orderInGroup: 3, width: 'SHORT', displayName: 'Error Tolerance' })
  .define({ name: 'errors.retry.delay.max.ms', type: 'LONG', default: 60000, importance: 'MEDIUM', documentation: 'Max delay.', group: 'Error Handling', orderInGroup: 2, width: 'MEDIUM', displayName: 'Maximum Retry Delay for Errors' })
  .define({ name: 'file', type: 'STRING', importance: 'HIGH', documentation: 'Destination filename.' })
  .define({ name: 'ratio', type: 'DOUBLE', default: 1, importance: 'LOW', documentation: 'A ratio.' })
  .define({ name: 'password', type: 'PASSWORD', default: 'changeme', importance: 'HIGH', documentation: 'Secret.' });

const EXPECTED = {
  name: 'FileStreamSink',
  error_count: 4,
  groups: ['Common', 'Error Handling'],
  configs: [
    {
      definition: { name: 'name', type: 'STRING', required: true, default_value: null, importance: 'HIGH', documentation: 'Globally unique name to use for this connector.', group: 'Common', width: 'MEDIUM', display_name: 'Connector name', dependents: [], order: 1 },
      value: { name: 'name', value: null, recommended_values: [], errors: ['Missing required configuration "name" which has no default value.'], visible: true },
    },
    {
      definition: { name: 'connector.class', type: 'STRING', required: true, default_value: null, importance: 'HIGH', documentation: 'Name or alias of the class for this connector.', group: 'Common', width: 'LONG', display_name: 'Connector class', dependents: [], order: 2 },
      value: { name: 'connector.class', value: 'FileStreamSink', recommended_values: [], errors: [], visible: true },
    },
    {
      definition: { name: 'tasks.max', type: 'INT', required: false, default_value: '1', importance: 'HIGH', documentation: 'Maximum number of tasks to use for this connector.', group: 'Common', width: 'SHORT', display_name: 'Tasks max', dependents: [], order: 3 },
      value: { name: 'tasks.max', value: '0', recommended_values: [], errors: ['Invalid value 0 for configuration tasks.max: Value must be at least 1'], visible: true },
    },
    {
      definition: { name: 'topics', type: 'LIST', required: false, default_value: '', importance: 'HIGH', documentation: 'List of topics to consume, separated by commas', group: 'Common', width: 'LONG', display_name: 'Topics', dependents: [], order: 4 },
      value: { name: 'topics', value: 'tweets,users', recommended_values: [], errors: [], visible: true },
    },
    {
      definition: { name: 'errors.tolerance', type: 'STRING', required: false, default_value: 'none', importance: 'MEDIUM', documentation: 'Behavior for tolerating errors.', group: 'Error Handling', width: 'SHORT', display_name: 'Error Tolerance', dependents: [], order: 3 },
      value: { name: 'errors.tolerance', value: 'ALL', recommended_values: [], errors: ['Invalid value ALL for configuration errors.tolerance: String must be one of: none, all'], visible: true },
    },
    {
      definition: { name: 'errors.retry.delay.max.ms', type: 'LONG', required: false, default_value: '60000', importance: 'MEDIUM', documentation: 'Max delay.', group: 'Error Handling', width: 'MEDIUM', display_name: 'Maximum Retry Delay for Errors', dependents: [], order: 2 },
      value: { name: 'errors.retry.delay.max.ms', value: '60000', recommended_values: [], errors: [], visible: true },
    },
    {
      definition: { name: 'file', type: 'STRING', required: true, default_value: null, importance: 'HIGH', documentation: 'Destination filename.', group: null, width: 'NONE', display_name: 'file', dependents: [], order: -1 },
      value: { name: 'file', value: null, recommended_values: [], errors: ['Missing required configuration "file" which has no default value.'], visible: true },
    },
    {
      definition: { name: 'ratio', type: 'DOUBLE', required: false, default_value: '1.0', importance: 'LOW', documentation: 'A ratio.', group: null, width: 'NONE', display_name: 'ratio', dependents: [], order: -1 },
      value: { name: 'ratio', value: '1.0', recommended_values: [], errors: [], visible: true },
    },
    {
      definition: { name: 'password', type: 'PASSWORD', required: false, default_value: '[hidden]', importance: 'HIGH', documentation: 'Secret.', group: null, width: 'NONE', display_name: 'password', dependents: [], order: -1 },
      value: { name: 'password', value: '[hidden]', recommended_values: [], errors: [], visible: true },
    },
  ],
};

const PROPS = { 'connector.class': 'FileStreamSink', 'tasks.max': '0', topics: ' tweets , users ', 'errors.tolerance': 'ALL', password: 'hunter2' };

test('toConfigInfos is exactly Kafka Connect\'s JSON, key order included', () => {
  assert.equal(JSON.stringify(SINK.toConfigInfos('FileStreamSink', PROPS)), JSON.stringify(EXPECTED));
});

test('no secret ever reaches the answer', () => {
  assert.equal(JSON.stringify(SINK.toConfigInfos('FileStreamSink', PROPS)).includes('hunter2'), false);
});

test('values of undefined names come first with definition null; later values override earlier ones', () => {
  const base = SINK.validate(PROPS);
  // A connector's own validate() may re-check a key: its entry replaces the base one.
  const own = new ConfigValue('file').addErrorMessage('File /nope is not writable');
  own.value = '/nope';
  const stray = new ConfigValue('extra');
  stray.value = 5;
  const infos = generateConfigInfos('FileStreamSink', SINK.configKeys(), [...base, own, stray], SINK.groups());
  assert.deepEqual(infos.configs[0], { definition: null, value: { name: 'extra', value: '5', recommended_values: [], errors: ['Configuration is not defined: extra'], visible: true } });
  const file = infos.configs.find((c) => c.definition?.name === 'file')!;
  assert.deepEqual(file.value!.errors, ['File /nope is not writable']);
  assert.equal(file.value!.value, '/nope');
  assert.equal(infos.error_count, 4);
});

test('a valid configuration has error_count 0; keys without a value have "value": null', () => {
  const ok = SINK.toConfigInfos('io.tributary.connect.file.FileStreamSinkConnector', { name: 'n', 'connector.class': 'x', file: '/tmp/out' });
  assert.equal(ok.error_count, 0);
  const partial = generateConfigInfos('x', SINK.configKeys(), [], SINK.groups());
  assert.equal(partial.configs.every((c) => c.value === null), true);
  assert.equal(partial.error_count, 0);
});

test('recommended values are converted to strings as Kafka does (list items one by one)', () => {
  const def = new ConfigDef().define({
    name: 'fields',
    type: 'LIST',
    default: '',
    importance: 'LOW',
    documentation: '',
    recommender: { validValues: () => ['id', 'text'], visible: () => true },
  }).define({
    name: 'level',
    type: 'INT',
    default: 1,
    importance: 'LOW',
    documentation: '',
    recommender: { validValues: () => [1, 2], visible: () => false },
  });
  const infos = def.toConfigInfos('x', { fields: 'id' });
  assert.deepEqual(infos.configs.map((c) => [c.value!.value, c.value!.recommended_values, c.value!.visible]), [
    ['id', ['id', 'text'], true],
    ['1', ['1', '2'], false],
  ]);
});
