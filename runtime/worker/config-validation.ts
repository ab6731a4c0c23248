/**
 * Validating a connector config the way Kafka Connect does before it accepts one (and for
 * PUT /connector-plugins/{class}/config/validate): the runtime's keys (connector-config.ts, by
 * connector type), the transformation chain's keys (runtime/transforms: each alias's type,
 * predicate, negate and the transform's own settings), then the connector's own ConfigDef through
 * `connector.validate()`. The answer is one ConfigInfos: the runtime's definitions first, then the
 * connector's; `error_count` sums both.
 *
 * `configErrorMessage` is Connect's 400 text for a create/update with errors: every message on
 * its own line, then where to find them as ConfigInfos.
 *
 * Secrets: `redactConfig` replaces the values of PASSWORD-typed keys (the connector's, its
 * transforms', its converters' under their prefixes) with "[hidden]"; every REST answer that shows
 * a connector or task config goes through it.
 */
import type { ConfigKey, ConfigValue } from '../api/config/config-def.js';
import { generateConfigInfos, type ConfigInfos } from '../api/config/config-infos.js';
import { Password } from '../api/config/types.js';
import type { ConnectorPlugin } from '../api/connector/plugin.js';
import { validateTransformations } from '../transforms/chain.js';
import { connectorConfigDef, sinkTopicErrors } from './connector-config.js';
import { BadRequestError } from './errors.js';
import type { WorkerPlugins } from './plugins.js';

type Props = Readonly<Record<string, string>>;

export interface ValidationResult {
  readonly infos: ConfigInfos;
  readonly plugin: ConnectorPlugin;
}

/** BadRequestError when connector.class is missing or names no installed connector. */
export function resolveConnectorPlugin(props: Props, plugins: WorkerPlugins): ConnectorPlugin {
  const cls = props['connector.class']?.trim();
  if (cls === undefined || cls === '') throw new BadRequestError(`Connector config ${JSON.stringify(redactUnknown(props))} contains no connector type`);
  const found = plugins.connectors.find(cls);
  if (found === undefined) {
    const known = plugins.connectors.list().map((p) => p.className).join(', ');
    throw new BadRequestError(`Failed to find any class that implements Connector and which name matches ${cls}, available connectors are: ${known || '(none)'}`);
  }
  return found;
}

export async function validateConnectorConfig(props: Props, plugins: WorkerPlugins): Promise<ValidationResult> {
  const plugin = resolveConnectorPlugin(props, plugins);
  const cls = props['connector.class']!.trim();
  const lookup = (role: 'converter' | 'header_converter', name: string): boolean => {
    try {
      if (role === 'converter') plugins.converter(name);
      else plugins.headerConverter(name);
      return true;
    } catch {
      return false;
    }
  };
  const runtimeDef = connectorConfigDef(plugin.type, lookup, (n) => plugins.connectors.find(n) !== undefined);
  const values = runtimeDef.validateAll(props);
  if (plugin.type === 'sink') {
    for (const [key, messages] of Object.entries(sinkTopicErrors(props))) for (const m of messages) values.get(key)?.addErrorMessage(m);
  }
  const chain = validateTransformations(props, plugins.transforms);
  const keys = new Map<string, ConfigKey>(runtimeDef.configKeys());
  for (const [k, v] of chain.configDef.configKeys()) if (!keys.has(k)) keys.set(k, v);
  const groups = [...new Set([...runtimeDef.groups(), ...chain.configDef.groups()])];
  const runtimeInfos = generateConfigInfos(cls, keys, [...values.values(), ...chain.values], groups);

  const connector = plugin.create();
  const def = connector.config();
  let connectorValues: ConfigValue[];
  try {
    connectorValues = (await connector.validate(props)).configValues;
  } catch (e) {
    connectorValues = def.validate(props);
    values.get('connector.class')?.addErrorMessage(`Error while validating connector config: ${(e as Error).message ?? String(e)}`);
    runtimeInfos.error_count += 1;
    const entry = runtimeInfos.configs.find((c) => c.definition?.name === 'connector.class');
    if (entry?.value) entry.value.errors = [...values.get('connector.class')!.errorMessages];
  }
  const ownKeys = new Map([...def.configKeys()].filter(([k]) => !keys.has(k)));
  const ownValues = connectorValues.filter((v) => !keys.has(v.name));
  const connectorInfos = generateConfigInfos(cls, ownKeys, ownValues, def.groups());
  return {
    plugin,
    infos: {
      name: cls,
      error_count: runtimeInfos.error_count + connectorInfos.error_count,
      groups: [...new Set([...runtimeInfos.groups, ...connectorInfos.groups])],
      configs: [...runtimeInfos.configs, ...connectorInfos.configs],
    },
  };
}

/** Connect's 400 message for a config with errors. */
export function configErrorMessage(infos: ConfigInfos): string {
  const lines = [`Connector configuration is invalid and contains the following ${infos.error_count} error(s):`];
  for (const c of infos.configs) for (const e of c.value?.errors ?? []) if (c.definition !== null) lines.push(e);
  lines.push('You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`');
  return lines.join('\n');
}

/** PASSWORD-typed keys of a connector config: the connector's, its chain's, its converters'. */
export function secretKeys(props: Props, plugins: WorkerPlugins): Set<string> {
  const out = new Set<string>();
  const addDef = (def: { configKeys(): ReadonlyMap<string, ConfigKey> }, prefix: string): void => {
    for (const [k, key] of def.configKeys()) if (key.type === 'PASSWORD') out.add(prefix + k);
  };
  const plugin = plugins.connectors.find(props['connector.class']?.trim() ?? '');
  if (plugin !== undefined) {
    try {
      addDef(plugin.create().config(), '');
    } catch {
      // A connector whose config() throws has no secrets we can name.
    }
  }
  try {
    addDef(validateTransformations(props, plugins.transforms).configDef, '');
  } catch {
    // Invalid chains are reported by validation, not here.
  }
  for (const role of ['key.converter', 'value.converter', 'header.converter'] as const) {
    const cls = props[role];
    if (cls === undefined) continue;
    try {
      const p = role === 'header.converter' ? plugins.headerConverter(cls) : plugins.converter(cls);
      addDef(p.create().config(), `${role}.`);
    } catch {
      // Unknown converter: validation reports it.
    }
  }
  return out;
}

/** `props` with every secret value replaced by "[hidden]". */
export function redactConfig(props: Props, plugins: WorkerPlugins): Record<string, string> {
  const secrets = secretKeys(props, plugins);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) out[k] = secrets.has(k) ? Password.HIDDEN : v;
  return out;
}

/** For messages about a config whose connector is unknown: hide values of keys that look secret. */
function redactUnknown(props: Props): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) out[k] = /password|secret|token|credential/i.test(k) ? Password.HIDDEN : v;
  return out;
}
