/**
 * A connector's transformation chain, from its config (Kafka's ConnectorConfig conventions):
 *
 *   transforms=a,b                      aliases, applied in this order
 *   transforms.a.type=<class or alias>  the transform; its own settings are transforms.a.<key>
 *   transforms.a.predicate=p            apply a only to records for which p holds ...
 *   transforms.a.negate=true            ... or, with negate, for which p does not hold
 *   predicates=p                        predicate aliases
 *   predicates.p.type=<class or alias>  the predicate; its settings are predicates.p.<key>
 *
 * `validateTransformations` checks all of it without throwing, key by key, for the REST
 * config/validate answer; `buildTransformationChain` builds the chain or throws one
 * ConfigException listing every problem by key. Each transform and each use of a predicate
 * gets its own instance, configured once with its settings (prefix removed; `predicate` and
 * `negate` are the chain's, not the transform's).
 */
import { ConfigDef, ConfigKey, ConfigValue } from '../api/config/config-def.js';
import { parseType } from '../api/config/types.js';
import { LambdaValidator } from '../api/config/validators.js';
import type { ConnectRecord } from '../api/connector/connect-record.js';
import { ConfigException } from '../api/errors.js';
import type { AnyRecord, Predicate, Transformation, TransformPlugin } from '../api/plugins/transformation.js';
import { defaultTransformRegistry, type TransformPluginRegistry } from './registry.js';

export const TRANSFORMS_CONFIG = 'transforms';
export const PREDICATES_CONFIG = 'predicates';

type Props = Readonly<Record<string, string | undefined>>;

/** One step of a chain: a transform, applied where its predicate (negated or not) holds. */
export interface TransformationStage<R extends ConnectRecord<R> = AnyRecord> {
  readonly alias: string;
  readonly transformation: Transformation<R>;
  /** Null: applies to every record. */
  readonly predicate: { readonly alias: string; readonly predicate: Predicate<R> } | null;
  readonly negate: boolean;
}

export class TransformationChain<R extends ConnectRecord<R> = AnyRecord> {
  constructor(readonly stages: readonly TransformationStage<R>[]) {}

  /**
   * Runs the record through every stage in order; null as soon as a stage drops it. Errors a
   * transform throws (DataException for records it cannot handle) propagate unchanged: the
   * worker's error policy decides about the record.
   */
  apply(record: R): R | null {
    let current = record;
    for (const s of this.stages) {
      if (s.predicate !== null && s.predicate.predicate.test(current) === s.negate) continue;
      const next = s.transformation.apply(current);
      if (next === null) return null;
      current = next;
    }
    return current;
  }

  /** Closes every transform and predicate (once the task stops). */
  close(): void {
    for (const s of this.stages) {
      s.transformation.close?.();
      s.predicate?.predicate.close?.();
    }
  }
}

export interface TransformsValidation {
  /** Every chain setting: transforms, predicates and each alias's type, predicate, negate and own keys. */
  readonly configDef: ConfigDef;
  /** One entry per setting of configDef, in its order, with value and error messages. */
  readonly values: readonly ConfigValue[];
  /** Only the settings with problems: `{ 'transforms.a.type': ['Invalid value x ...'] }`. */
  readonly errors: Readonly<Record<string, readonly string[]>>;
}

/** Checks the chain settings of a connector config without throwing. */
export function validateTransformations(props: Props, registry: TransformPluginRegistry = defaultTransformRegistry()): TransformsValidation {
  const transforms = aliases(props, TRANSFORMS_CONFIG);
  const predicates = aliases(props, PREDICATES_CONFIG);
  const def = new ConfigDef()
    .define(aliasListKey(TRANSFORMS_CONFIG, 'transformation', 'Transforms', 'Aliases of the transformations to apply to records, in order.'))
    .define(aliasListKey(PREDICATES_CONFIG, 'predicate', 'Predicates', 'Aliases of the predicates transformations refer to.'));
  const checks: Array<(values: Map<string, ConfigValue>) => void> = [];

  for (const alias of transforms) {
    const prefix = `${TRANSFORMS_CONFIG}.${alias}.`;
    const group = `Transforms: ${alias}`;
    const plugin = registry.findTransformation(props[`${prefix}type`]?.trim() ?? '');
    def.define(typeKey(prefix, group, 'Transformation', alias, (name) => registry.findTransformation(name) ?? (registry.findPredicate(name) ? 'other' : undefined)));
    def.define({ name: `${prefix}predicate`, type: 'STRING', default: null, importance: 'MEDIUM', group, orderInGroup: 1, documentation: 'The alias of a predicate that decides whether this transformation applies.' });
    def.define({ name: `${prefix}negate`, type: 'BOOLEAN', default: false, importance: 'MEDIUM', group, orderInGroup: 2, documentation: 'Apply the transformation where the predicate does not hold.' });
    if (plugin !== undefined) embed(def, plugin.create().config(), prefix, group, 3, ['predicate', 'negate']);
    checks.push((values) => {
      if (plugin !== undefined) tryConfigure(plugin, props, prefix, values);
      const predicate = props[`${prefix}predicate`]?.trim();
      if (props[`${prefix}negate`] !== undefined && predicate === undefined) {
        values.get(`${prefix}negate`)!.addErrorMessage(
          `Config '${prefix}negate' was provided but there is no config '${prefix}predicate' defining a predicate to be negated.`,
        );
      }
      if (predicate !== undefined && !predicates.includes(predicate)) {
        values
          .get(`${prefix}predicate`)!
          .addErrorMessage(
            `Invalid value ${predicate} for configuration ${prefix}predicate: no predicate "${predicate}" is defined (add it to ${PREDICATES_CONFIG} and set ${PREDICATES_CONFIG}.${predicate}.type)`,
          );
      }
    });
  }
  for (const alias of predicates) {
    const prefix = `${PREDICATES_CONFIG}.${alias}.`;
    const group = `Predicates: ${alias}`;
    const plugin = registry.findPredicate(props[`${prefix}type`]?.trim() ?? '');
    def.define(typeKey(prefix, group, 'Predicate', alias, (name) => registry.findPredicate(name) ?? (registry.findTransformation(name) ? 'other' : undefined)));
    if (plugin !== undefined) embed(def, plugin.create().config(), prefix, group, 1, []);
    checks.push((values) => {
      if (plugin !== undefined) tryConfigure(plugin, props, prefix, values);
    });
  }

  const values = def.validateAll(props);
  for (const check of checks) check(values);
  const errors: Record<string, string[]> = {};
  for (const v of values.values()) if (v.errorMessages.length > 0) errors[v.name] = [...new Set(v.errorMessages)];
  return { configDef: def, values: [...values.values()], errors };
}

/**
 * The configured chain; ConfigException (with `errors` by key) when the settings are invalid.
 * `R` is the record class the worker feeds it (SourceRecord or SinkRecord): Kafka's transforms
 * work on both and return the class they were given (they only ever call `newRecord`).
 */
export function buildTransformationChain<R extends ConnectRecord<R> = AnyRecord>(
  props: Props,
  registry: TransformPluginRegistry = defaultTransformRegistry(),
): TransformationChain<R> {
  const { errors } = validateTransformations(props, registry);
  if (Object.keys(errors).length > 0) throw ConfigException.of(errors);
  const stages = aliases(props, TRANSFORMS_CONFIG).map((alias): TransformationStage => {
    const prefix = `${TRANSFORMS_CONFIG}.${alias}.`;
    const transformation = registry.findTransformation(props[`${prefix}type`]!.trim())!.create();
    transformation.configure(subProps(props, prefix, ['predicate', 'negate']));
    const predicateAlias = props[`${prefix}predicate`]?.trim();
    if (predicateAlias === undefined) return { alias, transformation, predicate: null, negate: false };
    const predicatePrefix = `${PREDICATES_CONFIG}.${predicateAlias}.`;
    const predicate = registry.findPredicate(props[`${predicatePrefix}type`]!.trim())!.create();
    predicate.configure(subProps(props, predicatePrefix, []));
    const negate = parseType(`${prefix}negate`, props[`${prefix}negate`] ?? 'false', 'BOOLEAN') === true;
    return { alias, transformation, predicate: { alias: predicateAlias, predicate }, negate };
  });
  return new TransformationChain(stages as unknown as TransformationStage<R>[]);
}

/** The settings under `prefix`, prefix removed, without the chain's own keys. */
export function subProps(props: Props, prefix: string, exclude: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || !k.startsWith(prefix)) continue;
    const key = k.slice(prefix.length);
    if (!exclude.includes(key)) out[key] = v;
  }
  return out;
}

/** The distinct non-empty aliases listed in `name` (an unparsable list counts as none). */
function aliases(props: Props, name: string): string[] {
  try {
    const list = parseType(name, props[name] ?? '', 'LIST') as string[];
    return [...new Set(list.filter((a) => a !== ''))];
  } catch {
    return [];
  }
}

function aliasListKey(name: string, kind: string, group: string, documentation: string) {
  return {
    name,
    type: 'LIST',
    default: '',
    validator: LambdaValidator.with(
      (n, value) => {
        if (Array.isArray(value) && new Set(value).size < value.length) throw ConfigException.invalid(n, value, 'Duplicate alias provided.');
      },
      () => `unique ${kind} aliases`,
    ),
    importance: 'LOW',
    group,
    orderInGroup: 0,
    width: 'LONG',
    documentation,
  } as const;
}

/** `<prefix>type`: required, and must name a plugin of the right kind. */
function typeKey(prefix: string, group: string, kind: string, alias: string, find: (name: string) => unknown) {
  return {
    name: `${prefix}type`,
    type: 'CLASS',
    validator: LambdaValidator.with(
      (name, value) => {
        if (typeof value !== 'string') return;
        const found = find(value);
        if (found === undefined) throw ConfigException.invalid(name, value, `Class ${value} could not be found.`);
        if (found === 'other') throw ConfigException.invalid(name, value, `Not a ${kind}`);
      },
      () => `valid configs for ${alias} ${kind.toLowerCase()}`,
    ),
    importance: 'HIGH',
    group,
    orderInGroup: 0,
    width: 'LONG',
    displayName: `${kind} type for ${alias}`,
    documentation: `Class (or alias) of the '${alias}' ${kind.toLowerCase()}.`,
  } as const;
}

/** Copies `source`'s keys into `def` under `prefix` (Kafka's ConfigDef.embed). */
function embed(def: ConfigDef, source: ConfigDef, prefix: string, group: string, firstOrder: number, skip: readonly string[]): void {
  let order = firstOrder;
  for (const k of source.configKeys().values()) {
    if (skip.includes(k.name)) continue;
    def.defineKey(
      new ConfigKey({
        name: prefix + k.name,
        type: k.type,
        ...(k.hasDefault ? { default: k.defaultValue } : {}),
        ...(k.validator !== undefined ? { validator: k.validator } : {}),
        importance: k.importance,
        documentation: k.documentation,
        group,
        orderInGroup: order++,
        width: k.width,
        displayName: k.displayName === k.name ? prefix + k.name : k.displayName,
        dependents: k.dependents.map((d) => prefix + d),
        internal: k.internal,
      }),
    );
  }
}

/**
 * Configures a fresh instance when the alias's keys passed their own checks, to catch the
 * cross-setting rules that live in configure(). A ConfigException's keyed errors land on the
 * prefixed keys; a keyless one (or any other error) on `<prefix>type`.
 */
function tryConfigure<T extends Transformation | Predicate>(plugin: TransformPlugin<T>, props: Props, prefix: string, values: Map<string, ConfigValue>): void {
  for (const [name, v] of values) if (name.startsWith(prefix) && v.errorMessages.length > 0) return;
  const instance = plugin.create();
  try {
    instance.configure(subProps(props, prefix, prefix.startsWith(`${TRANSFORMS_CONFIG}.`) ? ['predicate', 'negate'] : []));
  } catch (e) {
    const keyed = e instanceof ConfigException ? Object.entries(e.errors) : [];
    if (keyed.length === 0) values.get(`${prefix}type`)!.addErrorMessage(e instanceof Error ? e.message : String(e));
    for (const [key, messages] of keyed) {
      const name = prefix + key;
      if (!values.has(name)) values.set(name, new ConfigValue(name));
      for (const m of messages) values.get(name)!.addErrorMessage(m);
    }
  } finally {
    instance.close?.();
  }
}
