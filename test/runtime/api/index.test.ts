// The public surface connectors import: everything the contract promises is exported from one place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../../runtime/api/index.js';

test('index exports the whole contract', () => {
  const expected = [
    'ConnectException', 'RetriableException', 'DataException', 'SchemaBuilderException', 'ConfigException', 'NotFoundException',
    'AlreadyExistsException', 'IllegalWorkerStateException', 'ConnectErrorCodes', 'isRetriable',
    'Schema', 'SchemaType', 'ConnectSchema', 'SchemaBuilder', 'SchemaAndValue', 'Field', 'Struct', 'BigDecimal',
    'Decimal', 'Date', 'Time', 'Timestamp', 'LogicalNames', 'toInt64', 'int64ToNumber', 'valuesEqual',
    'Header', 'Headers', 'ConnectRecord', 'SourceRecord', 'sourceRecord', 'SinkRecord',
    'Connector', 'SourceConnector', 'SinkConnector', 'SourceTask', 'SinkTask',
    'connectorPlugin', 'ConnectorPluginRegistry', 'defaultAliases',
    'ConfigDef', 'ConfigKey', 'ConfigValue', 'Config', 'generateConfigInfos', 'Password', 'ConfigType', 'Importance', 'Width',
    'parseType', 'convertToString', 'Range', 'ValidString', 'CaseInsensitiveValidString', 'ValidList', 'NonEmptyString',
    'NonEmptyStringWithoutControlChars', 'NonNullValidator', 'CompositeValidator', 'LambdaValidator',
  ];
  const exported = api as Record<string, unknown>;
  for (const name of expected) assert.notEqual(exported[name], undefined, name);
  assert.equal(api.Date.LOGICAL_NAME, 'org.apache.kafka.connect.data.Date');
  assert.equal(api.Schema.STRING_SCHEMA.type, 'STRING');
});
