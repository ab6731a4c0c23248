/**
 * Cases shared by the source and sink suites: the plugin descriptor, config validation on a
 * fresh connector that was never initialised or started (as REST config/validate uses it; every
 * problem must be reported on the key it concerns, and only there), and taskConfigs().
 */
import assert from 'node:assert/strict';
import { Connector, type ConfigType, type ConnectorPlugin, type ConnectorProps, type ConnectorType } from '../../../runtime/api/index.js';
import { NotApplicable, type ContractCase } from './contract-case.js';

export interface ConfigCaseContext {
  readonly plugin: ConnectorPlugin;
  readonly type: ConnectorType;
  /** A valid configuration (its fixture is cleaned up by the caller). */
  validProps(): Promise<{ props: ConnectorProps; cleanup(): Promise<void> }>;
  /** How many task configurations taskConfigs(maxTasks) must return. */
  expectedTaskCount(maxTasks: number): number;
  /** new → initialize (with a context of the plugin's type) → start. */
  startConnector(plugin: ConnectorPlugin, props: ConnectorProps): Promise<Connector>;
}

const TYPED: readonly ConfigType[] = ['INT', 'SHORT', 'LONG', 'DOUBLE', 'BOOLEAN'];

/** The keys (with their messages) that carry errors. */
async function errorsByKey(plugin: ConnectorPlugin, props: ConnectorProps): Promise<Record<string, string[]>> {
  const config = await plugin.create().validate(props);
  return Object.fromEntries(config.configValues.filter((v) => v.errorMessages.length > 0).map((v) => [v.name, v.errorMessages]));
}

export const configCases: ReadonlyArray<ContractCase<ConfigCaseContext>> = [
  {
    id: 'plugin-descriptor',
    title: 'the plugin descriptor names a connector of its type with a version and the default aliases',
    async run({ plugin, type }) {
      assert.equal(plugin.type, type);
      assert.match(plugin.className, /^[\w$]+(\.[\w$]+)+$/, 'className is a fully qualified class name');
      const connector = plugin.create();
      assert.ok(connector instanceof Connector);
      assert.notEqual(plugin.create(), connector, 'create() returns a fresh instance each time');
      assert.ok(plugin.version.length > 0 && plugin.version === connector.version());
      assert.ok(plugin.aliases.includes(plugin.className.slice(plugin.className.lastIndexOf('.') + 1)));
      const task = new (connector.taskClass())();
      assert.ok(task.version().length > 0);
    },
  },
  {
    id: 'validate-valid',
    title: 'validate() of a valid configuration reports every defined key and no error',
    async run({ plugin, validProps }) {
      const { props, cleanup } = await validProps();
      try {
        const config = await plugin.create().validate(props);
        assert.deepEqual(await errorsByKey(plugin, props), {});
        const names = new Set(config.configValues.map((v) => v.name));
        for (const key of plugin.create().config().names()) assert.ok(names.has(key), `validate() reports ${key}`);
      } finally {
        await cleanup();
      }
    },
  },
  {
    id: 'validate-missing-required',
    title: 'validate() reports a missing required key on that key only',
    async run({ plugin, validProps }) {
      const required = [...plugin.create().config().configKeys().values()].filter((k) => !k.hasDefault).map((k) => k.name);
      if (required.length === 0) throw new NotApplicable('validate-missing-required', 'config() has no key without a default');
      const { props, cleanup } = await validProps();
      try {
        for (const key of required) {
          const { [key]: _, ...without } = props;
          const errors = await errorsByKey(plugin, without);
          assert.deepEqual(Object.keys(errors), [key], `leaving out ${key}`);
          assert.match(errors[key]![0]!, new RegExp(`Missing required configuration "${key.replace(/\./g, '\\.')}"`));
        }
      } finally {
        await cleanup();
      }
    },
  },
  {
    id: 'validate-wrong-type',
    title: 'validate() reports a value of the wrong type on that key only',
    async run({ plugin, validProps }) {
      const typed = [...plugin.create().config().configKeys().values()].filter((k) => TYPED.includes(k.type));
      if (typed.length === 0) throw new NotApplicable('validate-wrong-type', 'config() has no number or boolean key');
      const { props, cleanup } = await validProps();
      try {
        for (const key of typed) {
          const errors = await errorsByKey(plugin, { ...props, [key.name]: 'not-a-value' });
          assert.deepEqual(Object.keys(errors), [key.name], `${key.name}=not-a-value`);
          assert.match(errors[key.name]![0]!, /Invalid value not-a-value for configuration/);
        }
      } finally {
        await cleanup();
      }
    },
  },
  {
    id: 'task-configs',
    title: 'start, taskConfigs(maxTasks) within 1..maxTasks as expected, string values, stop',
    async run({ plugin, validProps, startConnector, expectedTaskCount }) {
      const { props, cleanup } = await validProps();
      try {
        const connector = await startConnector(plugin, props);
        for (const max of [1, 2, 3, 8]) {
          const configs = await connector.taskConfigs(max);
          assert.equal(configs.length, expectedTaskCount(max), `taskConfigs(${max})`);
          assert.ok(configs.length >= 1 && configs.length <= max);
          for (const c of configs) for (const [k, v] of Object.entries(c)) assert.equal(typeof v, 'string', `task config ${k} is a string`);
        }
        await connector.stop();
      } finally {
        await cleanup();
      }
    },
  },
];
