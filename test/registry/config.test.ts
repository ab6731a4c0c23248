// The registry's settings: Confluent's names and defaults, validation naming key and value.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistryConfig, RegistryConfigError, registrySettings } from '../../registry/config.js';

it('takes Confluent\'s defaults and needs only kafkastore.bootstrap.servers', () => {
  const { config, unknown } = parseRegistryConfig({ 'kafkastore.bootstrap.servers': 'PLAINTEXT://localhost:9092,b:9093' });
  assert.deepEqual(unknown, []);
  assert.deepEqual(config.bootstrapServers, ['localhost:9092', 'b:9093']);
  assert.equal(config.listenPort, 8081);
  assert.equal(config.listenHost, '0.0.0.0');
  assert.equal(config.topic, '_schemas');
  assert.equal(config.timeoutMs, 500);
  assert.equal(config.compatibilityLevel, 'BACKWARD');
  assert.equal(config.modeMutability, true);
  assert.equal(config.groupId, 'schema-registry');
  assert.equal(config.leaderEligibility, true);
  assert.ok(registrySettings.every((s) => s.doc.length > 0));
});

it('reads listeners, the deprecated port, levels in any case and reports unknown keys', () => {
  const { config, unknown } = parseRegistryConfig(new Map([
    ['kafkastore.bootstrap.servers', 'k:1'], ['listeners', 'http://127.0.0.1:18081'], ['schema.compatibility.level', 'full_transitive'],
    ['kafkastore.topic', '_s2'], ['kafkastore.timeout.ms', '2000'], ['debug', 'true'], ['host.name', 'sr1'],
  ]));
  assert.deepEqual(unknown, ['debug']);
  assert.equal(config.listenHost, '127.0.0.1');
  assert.equal(config.listenPort, 18081);
  assert.equal(config.compatibilityLevel, 'FULL_TRANSITIVE');
  assert.equal(config.topic, '_s2');
  assert.equal(config.timeoutMs, 2000);
  assert.equal(config.advertisedHost, 'sr1');
  assert.equal(parseRegistryConfig({ 'kafkastore.bootstrap.servers': 'k:1', port: '9999' }).config.listenPort, 9999);
  assert.equal(parseRegistryConfig({ 'kafkastore.bootstrap.servers': 'k:1', 'avro.compatibility.level': 'none' }).config.compatibilityLevel, 'NONE');
});

it('refuses bad values with the key, the value and what is accepted', () => {
  const bad: [Record<string, string>, RegExp][] = [
    [{}, /kafkastore\.bootstrap\.servers/],
    [{ 'kafkastore.bootstrap.servers': 'nohost' }, /Invalid value nohost for configuration kafkastore\.bootstrap\.servers/],
    [{ 'kafkastore.bootstrap.servers': 'k:1', 'schema.compatibility.level': 'loose' }, /Invalid value loose for configuration schema\.compatibility\.level: String must be one of: none, backward/],
    [{ 'kafkastore.bootstrap.servers': 'k:1', 'kafkastore.timeout.ms': 'soon' }, /Not a number of type INT/],
    [{ 'kafkastore.bootstrap.servers': 'k:1', 'kafkastore.timeout.ms': '0' }, /must be at least 1/],
    [{ 'kafkastore.bootstrap.servers': 'k:1', 'mode.mutability': 'maybe' }, /either true or false/],
    [{ 'kafkastore.bootstrap.servers': 'k:1', listeners: 'https://h:1' }, /only http listeners/],
  ];
  for (const [settings, message] of bad) {
    assert.throws(() => parseRegistryConfig(settings), (err: unknown) => err instanceof RegistryConfigError && message.test(err.message));
  }
});

it('is documented: every setting appears in the README\'s schema registry section', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
  const section = readme.slice(readme.indexOf('## Schema registry'), readme.indexOf('\n## ', readme.indexOf('## Schema registry') + 1));
  for (const s of registrySettings) assert.ok(section.includes(`\`${s.name}\``), `README lacks ${s.name}`);
});
