import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorContext, SourceConnectorContext } from '../../../../runtime/api/index.js';
import { LinesConnector } from './lines-connector.js';

test('default validate() reports every key of config() with Kafka messages', async () => {
  const config = await new LinesConnector().validate({ topic: 't', 'batch.size': '0' });
  assert.deepEqual(
    config.configValues.map((v) => [v.name, v.errorMessages]),
    [
      ['file', ['Missing required configuration "file" which has no default value.']],
      ['topic', []],
      ['batch.size', ['Invalid value 0 for configuration batch.size: Value must be at least 1']],
    ],
  );
  assert.equal(config.errorCount(), 2);
  assert.equal(config.configValue('topic')!.value, 't');
});

test('initialize hands over the context; default reconfigure is stop then start', async () => {
  const connector = new LinesConnector();
  const requests: string[] = [];
  const ctx: SourceConnectorContext = {
    requestTaskReconfiguration: () => requests.push('reconfigure'),
    raiseError: () => {},
    offsetStorageReader: { offset: async () => null, offsets: async (ps) => ps.map(() => null) },
  };
  connector.initialize(ctx);
  connector.start({ file: 'f', topic: 't' });
  (connector as unknown as { context: ConnectorContext }).context.requestTaskReconfiguration();
  assert.deepEqual(requests, ['reconfigure']);
  await connector.reconfigure({ file: 'g', topic: 't' });
  assert.deepEqual([connector.starts, connector.stops, connector.props['file']], [2, 1, 'g']);
  assert.deepEqual(await connector.taskConfigs(4), [{ file: 'g', topic: 't' }]);
});
