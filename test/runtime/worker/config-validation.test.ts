// Connector config validation outside HTTP: the merged ConfigInfos, Connect's 400 message, and
// redaction of secrets declared by the connector and by its converters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configErrorMessage, redactConfig, resolveConnectorPlugin, validateConnectorConfig } from '../../../runtime/worker/config-validation.js';
import { BadRequestError } from '../../../runtime/worker/errors.js';
import { WorkerPlugins } from '../../../runtime/worker/plugins.js';
import { allPlugins } from './worker-helper.js';

const plugins = new WorkerPlugins(allPlugins);

test('a valid source config: runtime keys first, then the connector\'s, no errors', async () => {
  const { infos, plugin } = await validateConnectorConfig({ name: 'x', 'connector.class': 'FileStreamSource', topic: 't' }, plugins);
  assert.equal(plugin.type, 'source');
  assert.equal(infos.error_count, 0);
  const names = infos.configs.map((c) => c.definition?.name);
  assert.ok(names.indexOf('name') < names.indexOf('file'));
  assert.ok(names.includes('topic.creation.default.partitions'));
  assert.ok(!names.includes('topics'), 'sink keys only for sinks');
});

test('errors are counted and listed one per line in Connect\'s message', async () => {
  const { infos } = await validateConnectorConfig({ name: 'x', 'connector.class': 'FileStreamSink', 'errors.retry.timeout': '-5' }, plugins);
  assert.equal(infos.error_count, 3);
  const msg = configErrorMessage(infos).split('\n');
  assert.equal(msg[0], 'Connector configuration is invalid and contains the following 3 error(s):');
  assert.equal(msg.length, 5);
  assert.ok(msg.includes('Must configure one of topics or topics.regex'));
});

test('connector.class missing or unknown is a bad request', () => {
  assert.throws(() => resolveConnectorPlugin({ name: 'x' }, plugins), BadRequestError);
  assert.throws(() => resolveConnectorPlugin({ 'connector.class': 'Nope' }, plugins), /available connectors are: .*FileStreamSinkConnector/);
  assert.equal(resolveConnectorPlugin({ 'connector.class': 'FileStreamSinkConnector' }, plugins).type, 'sink');
});

test('secrets of the connector and of its converters are hidden', () => {
  const out = redactConfig({
    'connector.class': 'test.ListSourceConnector', secret: 's', topic: 't',
    'value.converter': 'io.confluent.connect.avro.AvroConverter', 'value.converter.basic.auth.user.info': 'u:p',
    'key.converter.basic.auth.user.info': 'not a secret of JsonConverter',
  }, plugins);
  assert.equal(out.secret, '[hidden]');
  assert.equal(out['value.converter.basic.auth.user.info'], '[hidden]');
  assert.equal(out['key.converter.basic.auth.user.info'], 'not a secret of JsonConverter');
  assert.equal(out.topic, 't');
});
