import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDef } from '../../../../runtime/api/config/config-def.js';
import type { ConnectorProps } from '../../../../runtime/api/connector/connector.js';
import { ConnectorPluginRegistry, connectorPlugin, defaultAliases } from '../../../../runtime/api/connector/plugin.js';
import { SourceConnector, SourceTask } from '../../../../runtime/api/connector/source-connector.js';
import { AlreadyExistsException, NotFoundException } from '../../../../runtime/api/errors.js';

class NoopTask extends SourceTask {
  version(): string {
    return '2.1.0';
  }
  start(): void {}
  async poll() {
    return null;
  }
  stop(): void {}
}

function connectorClass(version: string) {
  return class extends SourceConnector {
    version(): string {
      return version;
    }
    start(): void {}
    taskClass() {
      return NoopTask;
    }
    taskConfigs(): ConnectorProps[] {
      return [];
    }
    stop(): void {}
    config(): ConfigDef {
      return new ConfigDef();
    }
  };
}

test("default aliases are Kafka's: simple name, and without the Connector suffix", () => {
  assert.deepEqual(defaultAliases('io.tributary.connect.file.FileStreamSourceConnector'), ['FileStreamSourceConnector', 'FileStreamSource']);
  assert.deepEqual(defaultAliases('Plain'), ['Plain']);
  assert.deepEqual(defaultAliases('x.Connector'), ['Connector']);
});

test('a descriptor takes its version from the connector and creates fresh instances', () => {
  const p = connectorPlugin({ className: 'io.tributary.connect.file.FileStreamSourceConnector', type: 'source', connector: connectorClass('3.0.1') });
  assert.equal(p.version, '3.0.1');
  assert.deepEqual(p.aliases, ['FileStreamSourceConnector', 'FileStreamSource']);
  assert.notEqual(p.create(), p.create());
  assert.equal(p.create() instanceof SourceConnector, true);
  assert.equal(connectorPlugin({ className: 'a.B', type: 'sink', connector: connectorClass('1'), version: '9', aliases: ['b'] }).version, '9');
});

test('the registry resolves class names and aliases; ambiguous aliases are dropped', () => {
  const reg = new ConnectorPluginRegistry()
    .register(connectorPlugin({ className: 'io.tributary.connect.file.FileStreamSourceConnector', type: 'source', connector: connectorClass('1') }))
    .register(connectorPlugin({ className: 'com.other.FileStreamSourceConnector', type: 'source', connector: connectorClass('2') }))
    .register(connectorPlugin({ className: 'io.tributary.connect.twitter.TwitterSourceConnector', type: 'source', connector: connectorClass('3') }));
  assert.equal(reg.get('TwitterSource').className, 'io.tributary.connect.twitter.TwitterSourceConnector');
  assert.equal(reg.get('TwitterSourceConnector').version, '3');
  assert.equal(reg.get('com.other.FileStreamSourceConnector').version, '2');
  assert.equal(reg.find('FileStreamSource'), undefined);
  assert.throws(() => reg.get('FileStreamSource'), (e: unknown) => e instanceof NotFoundException && /alias of several plugins: use the full class name/.test(e.message));
  assert.throws(() => reg.get('Nope'), (e: unknown) => e instanceof NotFoundException && /installed: com\.other\.FileStreamSourceConnector, io\.tributary/.test(e.message));
  assert.deepEqual(reg.list().map((p) => p.version), ['2', '1', '3']);
  assert.throws(() => reg.register(connectorPlugin({ className: 'com.other.FileStreamSourceConnector', type: 'source', connector: connectorClass('4') })), AlreadyExistsException);
});
