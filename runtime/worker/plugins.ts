/**
 * Every plugin the worker can instantiate: connectors (registered by whoever starts the worker —
 * runtime/ may not import connectors/, so the command line passes the bundled ones), key/value
 * and header converters (runtime/converters) and transforms/predicates (runtime/transforms).
 *
 * `list()` answers GET /connector-plugins: connectors first (sorted by class), then, with
 * `connectorsOnly=false`, converters, header converters, transformations and predicates, with
 * Connect's type names (`source`, `sink`, `converter`, `header_converter`, `transformation`,
 * `predicate`).
 */
import { ConnectorPluginRegistry, type ConnectorPlugin } from '../api/connector/plugin.js';
import type { ConfigDef } from '../api/config/config-def.js';
import { NotFoundException } from '../api/errors.js';
import { converters, headerConverters, type ConverterPlugin } from '../converters/index.js';
import type { Converter, HeaderConverter } from '../api/plugins/converter.js';
import { defaultTransformRegistry, type TransformPluginRegistry } from '../transforms/registry.js';

export type PluginType = 'source' | 'sink' | 'converter' | 'header_converter' | 'transformation' | 'predicate';

export interface PluginInfo {
  class: string;
  type: PluginType;
  version?: string;
}

/** This package's version, reported as the version of the runtime's own plugins. */
export const RUNTIME_VERSION = '0.1.0';

export class WorkerPlugins {
  readonly connectors = new ConnectorPluginRegistry();
  readonly transforms: TransformPluginRegistry;

  constructor(connectorPlugins: Iterable<ConnectorPlugin>, transforms: TransformPluginRegistry = defaultTransformRegistry()) {
    for (const p of connectorPlugins) this.connectors.register(p);
    this.transforms = transforms;
  }

  connector(classOrAlias: string): ConnectorPlugin {
    return this.connectors.get(classOrAlias);
  }

  converter(classOrAlias: string): ConverterPlugin<Converter> {
    return findConverter(converters, classOrAlias, 'Converter');
  }

  headerConverter(classOrAlias: string): ConverterPlugin<HeaderConverter> {
    return findConverter(headerConverters, classOrAlias, 'HeaderConverter');
  }

  /** GET /connector-plugins. */
  list(connectorsOnly: boolean): PluginInfo[] {
    const out: PluginInfo[] = this.connectors.list().map((p) => ({ class: p.className, type: p.type, version: p.version }));
    if (connectorsOnly) return out;
    for (const c of sorted(converters)) out.push({ class: c.className, type: 'converter', version: RUNTIME_VERSION });
    for (const c of sorted(headerConverters)) out.push({ class: c.className, type: 'header_converter', version: RUNTIME_VERSION });
    for (const t of this.transforms.transformations()) out.push({ class: t.className, type: 'transformation', version: RUNTIME_VERSION });
    for (const p of this.transforms.predicates()) out.push({ class: p.className, type: 'predicate', version: RUNTIME_VERSION });
    return out;
  }

  /**
   * The ConfigDef of any plugin by class name or alias (GET /connector-plugins/{p}/config);
   * NotFoundException when no plugin has that name.
   */
  configDef(classOrAlias: string): ConfigDef {
    const c = this.connectors.find(classOrAlias);
    if (c !== undefined) return c.create().config();
    const t = this.transforms.findTransformation(classOrAlias);
    if (t !== undefined) return withClose(t.create());
    const p = this.transforms.findPredicate(classOrAlias);
    if (p !== undefined) return withClose(p.create());
    const conv = tryFind(converters, classOrAlias);
    if (conv !== undefined) return conv.create().config();
    const hc = tryFind(headerConverters, classOrAlias);
    if (hc !== undefined) return hc.create().config();
    throw new NotFoundException(`Unknown plugin ${classOrAlias}.`);
  }
}

function withClose(x: { config(): ConfigDef; close?(): void }): ConfigDef {
  const def = x.config();
  x.close?.();
  return def;
}

function sorted<T>(list: readonly ConverterPlugin<T>[]): ConverterPlugin<T>[] {
  return [...list].sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0));
}

function tryFind<T>(list: readonly ConverterPlugin<T>[], name: string): ConverterPlugin<T> | undefined {
  const n = name.trim();
  return list.find((p) => p.className === n) ?? list.find((p) => p.aliases.includes(n));
}

function findConverter<T>(list: readonly ConverterPlugin<T>[], name: string, kind: string): ConverterPlugin<T> {
  const found = tryFind(list, name);
  if (found === undefined) {
    throw new NotFoundException(`Failed to find any class that implements ${kind} and which name matches ${name}, available: ${list.map((p) => p.className).join(', ')}`);
  }
  return found;
}
