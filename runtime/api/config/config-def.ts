/**
 * The declarative config spec of one component (Kafka's ConfigDef): each setting is defined once
 * with its type, default, validator, importance, documentation and UI hints, and everything else
 * comes from that definition:
 *   parse(props)            typed values, or one ConfigException listing every problem
 *   validateAll(props)      a ConfigValue per key with Kafka's error messages (REST config/validate)
 *   toConfigInfos(...)      the exact ConfigInfos JSON of PUT /connector-plugins/{c}/config/validate
 *   redact(props)           PASSWORD values replaced by "[hidden]" (every GET of a config)
 *   toMarkdownTable()       the README table
 *
 *   export const CONFIG = new ConfigDef()
 *     .define({ name: 'file', type: 'STRING', importance: 'HIGH', documentation: 'File to read.' })
 *     .define({ name: 'batch.size', type: 'INT', default: 2000, validator: Range.atLeast(1),
 *               importance: 'LOW', documentation: 'Records per poll.' });
 *   const cfg = CONFIG.parse(props);   // cfg.file: string, cfg['batch.size']: number
 *
 * A key without `default` is required. `default: null` makes a key optional with no value.
 * Defaults may be given typed or as strings; they are parsed and validated when defined.
 */
import { ConfigException } from '../errors.js';
import { generateConfigInfos, type ConfigInfos } from './config-infos.js';
import { toMarkdownTable } from './docs.js';
import { ConfigType, Importance, Password, Width, parseType, type ConfigValueTypes, type ParsedValue } from './types.js';
import type { Validator } from './validators.js';

/** Suggests values and visibility of a key from the other keys' parsed values (UI support). */
export interface Recommender {
  validValues(name: string, parsedConfig: Readonly<Record<string, unknown>>): unknown[];
  visible(name: string, parsedConfig: Readonly<Record<string, unknown>>): boolean;
}

export interface ConfigKeySpec<N extends string = string, T extends ConfigType = ConfigType, D = unknown> {
  readonly name: N;
  readonly type: T;
  /** Omit for a required key; null for an optional key without value. */
  readonly default?: D;
  readonly validator?: Validator;
  readonly importance: Importance;
  readonly documentation: string;
  readonly group?: string;
  readonly orderInGroup?: number;
  readonly width?: Width;
  readonly displayName?: string;
  /** Keys whose validity or recommendations depend on this one (validated after it). */
  readonly dependents?: readonly string[];
  readonly recommender?: Recommender;
  /** Hidden from docs (still parsed and validated). */
  readonly internal?: boolean;
}

/** One defined setting, resolved (defaults filled in as Kafka does). */
export class ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly hasDefault: boolean;
  /** The parsed default; null when there is none (see hasDefault). */
  readonly defaultValue: ParsedValue | null;
  readonly validator: Validator | undefined;
  readonly importance: Importance;
  readonly documentation: string;
  readonly group: string | null;
  readonly orderInGroup: number;
  readonly width: Width;
  readonly displayName: string;
  readonly dependents: readonly string[];
  readonly recommender: Recommender | undefined;
  readonly internal: boolean;

  constructor(spec: ConfigKeySpec) {
    this.name = spec.name;
    this.type = spec.type;
    this.hasDefault = 'default' in spec && spec.default !== undefined;
    this.defaultValue = this.hasDefault ? parseType(spec.name, spec.default, spec.type) : null;
    this.validator = spec.validator;
    if (this.validator !== undefined && this.hasDefault) this.validator.ensureValid(this.name, this.defaultValue);
    this.importance = spec.importance;
    this.documentation = spec.documentation;
    this.group = spec.group ?? null;
    this.orderInGroup = spec.orderInGroup ?? -1;
    this.width = spec.width ?? 'NONE';
    this.displayName = spec.displayName ?? spec.name;
    this.dependents = Object.freeze([...(spec.dependents ?? [])]);
    this.recommender = spec.recommender;
    this.internal = spec.internal ?? false;
    Object.freeze(this);
  }
}

/** The validation state of one key (Kafka's ConfigValue). Mutable so validate() overrides can add errors. */
export class ConfigValue {
  value: unknown = null;
  recommendedValues: unknown[] = [];
  readonly errorMessages: string[] = [];
  visible = true;
  constructor(readonly name: string) {}
  addErrorMessage(message: string): this {
    this.errorMessages.push(message);
    return this;
  }
}

/** The result of validating a whole configuration (Kafka's Config). */
export class Config {
  constructor(readonly configValues: ConfigValue[]) {}
  /** The value entry of one key (undefined if the key was not validated). */
  configValue(name: string): ConfigValue | undefined {
    return this.configValues.find((v) => v.name === name);
  }
  errorCount(): number {
    return this.configValues.reduce((n, v) => n + v.errorMessages.length, 0);
  }
}

type Props = Readonly<Record<string, string | undefined>>;
type ValueOf<T extends ConfigType, D> = ConfigValueTypes[T] | (null extends D ? null : never);

export class ConfigDef<T extends object = {}> {
  static readonly Type = ConfigType;
  static readonly Importance = Importance;
  static readonly Width = Width;

  readonly #keys = new Map<string, ConfigKey>();
  readonly #groups: string[] = [];

  /** Adds a setting; ConfigException if the name is taken or the default is invalid. */
  define<N extends string, Ty extends ConfigType, D extends ConfigValueTypes[Ty] | string | null | undefined = undefined>(
    spec: ConfigKeySpec<N, Ty, D>,
  ): ConfigDef<T & { readonly [K in N]: ValueOf<Ty, D> }> {
    return this.defineKey(new ConfigKey(spec)) as unknown as ConfigDef<T & { readonly [K in N]: ValueOf<Ty, D> }>;
  }

  /** Adds an already-resolved key (e.g. copied from another ConfigDef). */
  defineKey(key: ConfigKey): this {
    if (this.#keys.has(key.name)) throw new ConfigException(`Configuration ${key.name} is defined twice.`);
    if (key.group !== null && !this.#groups.includes(key.group)) this.#groups.push(key.group);
    this.#keys.set(key.name, key);
    return this;
  }

  /** A new ConfigDef with this one's keys then `other`'s (ConfigException on a name in both). */
  merge<U extends object>(other: ConfigDef<U>): ConfigDef<T & U> {
    const out = new ConfigDef();
    for (const k of this.#keys.values()) out.defineKey(k);
    for (const k of other.configKeys().values()) out.defineKey(k);
    return out as unknown as ConfigDef<T & U>;
  }

  /** Every key, in definition order. */
  configKeys(): ReadonlyMap<string, ConfigKey> {
    return this.#keys;
  }

  names(): string[] {
    return [...this.#keys.keys()];
  }

  /** Groups in order of first use. */
  groups(): readonly string[] {
    return this.#groups;
  }

  /**
   * Parses and validates every defined key; unknown keys are ignored. Throws one
   * ConfigException whose `errors` lists every problem by key (a missing required key, a value
   * that does not parse, a validator's refusal).
   */
  parse(props: Props): Readonly<T> {
    const errors: Record<string, string[]> = {};
    for (const name of this.#undefinedDependents()) errors[name] = [`${name} is referred in the dependents, but not defined.`];
    const out: Record<string, unknown> = {};
    for (const key of this.#keys.values()) {
      try {
        out[key.name] = this.#parseValue(key, props);
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e;
        errors[key.name] = [e.message];
      }
    }
    if (Object.keys(errors).length > 0) throw ConfigException.of(errors);
    return Object.freeze(out) as Readonly<T>;
  }

  /**
   * Validates without throwing (Kafka's validateAll): one ConfigValue per key in definition
   * order, holding the parsed value (or default), error messages in Kafka's wording, and the
   * recommender's suggestions and visibility. Keys named as dependents but not defined get an
   * entry with an error. As in Kafka, a validator also sees null when a value is missing or
   * unparsable, so such a key may carry two messages.
   */
  validateAll(props: Props): Map<string, ConfigValue> {
    const values = new Map<string, ConfigValue>();
    for (const name of this.#keys.keys()) values.set(name, new ConfigValue(name));
    for (const name of this.#undefinedDependents()) {
      const v = new ConfigValue(name).addErrorMessage(`${name} is referred in the dependents, but not defined.`);
      v.visible = false;
      values.set(name, v);
    }
    const parsed: Record<string, unknown> = {};
    const roots = this.#roots();
    const seen = new Set<string>();
    const parseTree = (name: string): void => {
      const key = this.#keys.get(name);
      if (key === undefined || seen.has(name)) return;
      seen.add(name);
      const cv = values.get(name)!;
      let value: unknown = null;
      const raw = props[name];
      if (raw !== undefined) {
        try {
          value = parseType(name, raw, key.type);
        } catch (e) {
          if (!(e instanceof ConfigException)) throw e;
          cv.addErrorMessage(e.message);
        }
      } else if (!key.hasDefault) {
        cv.addErrorMessage(missing(name));
      } else {
        value = key.defaultValue;
      }
      if (key.validator !== undefined) {
        try {
          key.validator.ensureValid(name, value);
        } catch (e) {
          if (!(e instanceof ConfigException)) throw e;
          cv.addErrorMessage(e.message);
        }
      }
      cv.value = value;
      parsed[name] = value;
      key.dependents.forEach(parseTree);
    };
    // Roots first (parents before dependents); then any key only reachable through a cycle.
    [...roots, ...this.#keys.keys()].forEach(parseTree);
    seen.clear();
    const recommend = (name: string): void => {
      const key = this.#keys.get(name);
      if (key === undefined || seen.has(name)) return;
      seen.add(name);
      const cv = values.get(name)!;
      if (key.recommender !== undefined) {
        try {
          let recommended = key.recommender.validValues(name, parsed);
          if (cv.recommendedValues.length > 0) recommended = recommended.filter((r) => cv.recommendedValues.includes(r));
          cv.recommendedValues = recommended;
          cv.visible = key.recommender.visible(name, parsed);
        } catch (e) {
          if (!(e instanceof ConfigException)) throw e;
          cv.addErrorMessage(e.message);
        }
      }
      key.dependents.forEach(recommend);
    };
    [...roots, ...this.#keys.keys()].forEach(recommend);
    return values;
  }

  /** validateAll's values as a list, in definition order. */
  validate(props: Props): ConfigValue[] {
    return [...this.validateAll(props).values()];
  }

  /** Kafka Connect's ConfigInfos for these settings alone (the runtime merges its own keys). */
  toConfigInfos(connectorClass: string, props: Props): ConfigInfos {
    return generateConfigInfos(connectorClass, this.#keys, this.validate(props), this.#groups);
  }

  /** A copy of `props` with every PASSWORD-typed value replaced by "[hidden]". */
  redact(props: Props): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined) continue;
      out[k] = this.#keys.get(k)?.type === 'PASSWORD' ? Password.HIDDEN : v;
    }
    return out;
  }

  /** Markdown table: Name, Description, Type, Default, Valid Values, Importance. */
  toMarkdownTable(): string {
    return toMarkdownTable([...this.#keys.values()]);
  }

  #parseValue(key: ConfigKey, props: Props): unknown {
    const raw = props[key.name];
    let value: unknown;
    if (raw !== undefined) value = parseType(key.name, raw, key.type);
    else if (!key.hasDefault) throw new ConfigException(missing(key.name), { errors: { [key.name]: [missing(key.name)] } });
    else value = key.defaultValue;
    key.validator?.ensureValid(key.name, value);
    return value;
  }

  #undefinedDependents(): string[] {
    const out = new Set<string>();
    for (const k of this.#keys.values()) for (const d of k.dependents) if (!this.#keys.has(d)) out.add(d);
    return [...out];
  }

  /** Keys that are nobody's dependent, in definition order: validation starts from them. */
  #roots(): string[] {
    const children = new Set<string>();
    for (const k of this.#keys.values()) k.dependents.forEach((d) => children.add(d));
    return [...this.#keys.keys()].filter((n) => !children.has(n));
  }
}

function missing(name: string): string {
  return `Missing required configuration "${name}" which has no default value.`;
}
