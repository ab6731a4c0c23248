/**
 * Kafka Connect's answer to PUT /connector-plugins/{class}/config/validate, field for field:
 *
 *   { "name": "<connector class as given>", "error_count": 1, "groups": ["Common", …],
 *     "configs": [ { "definition": { "name", "type", "required", "default_value", "importance",
 *                                    "documentation", "group", "width", "display_name",
 *                                    "dependents", "order" },
 *                    "value": { "name", "value", "recommended_values", "errors", "visible" } } ] }
 *
 * Notes on exactness (what Kafka's REST layer really emits, Jackson's property order):
 *  - the order-in-group field is serialised as "order" (its getter's name), not "order_in_group";
 *  - every value is a string or null: numbers, booleans and lists are converted as Kafka's
 *    ConfigDef.convertToString does, and PASSWORD values and defaults appear as "[hidden]";
 *  - `required` is true exactly when the key has no default, and then `default_value` is null;
 *  - a key without a default and without a group has `"group": null`, `"order": -1`, `"width": "NONE"`;
 *  - values for names that no key defines are listed first, with `"definition": null` and the
 *    extra error "Configuration is not defined: <name>" (not counted in error_count, as in Kafka);
 *  - `error_count` sums the errors of the defined keys' values.
 */
import type { ConfigKey, ConfigValue } from './config-def.js';
import { convertToString, type ConfigType } from './types.js';

export interface ConfigKeyInfo {
  name: string;
  type: ConfigType;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  width: string;
  display_name: string;
  dependents: string[];
  order: number;
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

export interface ConfigInfo {
  definition: ConfigKeyInfo | null;
  value: ConfigValueInfo | null;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

/**
 * Builds ConfigInfos from keys (definition order = output order), validated values (a later
 * value for the same name replaces an earlier one: the connector's own validate() overrides the
 * runtime's base checks) and groups. The runtime calls this with its base connector keys merged
 * with the connector's; `ConfigDef.toConfigInfos` calls it for one ConfigDef.
 */
export function generateConfigInfos(
  connectorClass: string,
  configKeys: ReadonlyMap<string, ConfigKey>,
  configValues: readonly ConfigValue[],
  groups: readonly string[],
): ConfigInfos {
  const configs: ConfigInfo[] = [];
  const byName = new Map<string, ConfigValue>();
  for (const cv of configValues) {
    byName.set(cv.name, cv);
    if (!configKeys.has(cv.name)) {
      cv.addErrorMessage(`Configuration is not defined: ${cv.name}`);
      configs.push({ definition: null, value: valueInfo(cv, null) });
    }
  }
  let errorCount = 0;
  for (const [name, key] of configKeys) {
    const cv = byName.get(name);
    if (cv !== undefined) errorCount += cv.errorMessages.length;
    configs.push({ definition: keyInfo(key), value: cv === undefined ? null : valueInfo(cv, key.type) });
  }
  return { name: connectorClass, error_count: errorCount, groups: [...groups], configs };
}

function keyInfo(key: ConfigKey): ConfigKeyInfo {
  return {
    name: key.name,
    type: key.type,
    required: !key.hasDefault,
    default_value: key.hasDefault ? convertToString(key.defaultValue, key.type) : null,
    importance: key.importance,
    documentation: key.documentation,
    group: key.group,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
    order: key.orderInGroup,
  };
}

function valueInfo(cv: ConfigValue, type: ConfigType | null): ConfigValueInfo {
  // List recommendations are single items, converted as strings (as Kafka does).
  const itemType = type === 'LIST' ? 'STRING' : type;
  return {
    name: cv.name,
    value: convertToString(cv.value, type),
    recommended_values: cv.recommendedValues.map((v) => convertToString(v, itemType) ?? 'null'),
    errors: [...cv.errorMessages],
    visible: cv.visible,
  };
}
