/**
 * How a connector becomes known to the worker. Each connector folder exports its plugins:
 *
 *   export const plugins = [
 *     connectorPlugin({ className: 'io.tributary.connect.file.FileStreamSourceConnector',
 *                       type: 'source', connector: FileStreamSourceConnector }),
 *   ];
 *
 * The worker registers them in a ConnectorPluginRegistry and resolves `connector.class` values
 * by full class name or by alias. Default aliases are Kafka's: the simple class name
 * (`FileStreamSourceConnector`) and, if it ends in "Connector", the name without that suffix
 * (`FileStreamSource`). An alias claimed by two plugins is dropped for both (ambiguous), as in Kafka.
 */
import { AlreadyExistsException, NotFoundException } from '../errors.js';
import type { Connector } from './connector.js';

export type ConnectorType = 'source' | 'sink';

export interface ConnectorPlugin<C extends Connector = Connector> {
  /** Fully qualified, unique name: what GET /connector-plugins lists as `class`. */
  readonly className: string;
  readonly type: ConnectorType;
  /** The plugin's version (usually the connector's `version()`). */
  readonly version: string;
  /** Other names accepted in `connector.class`. */
  readonly aliases: readonly string[];
  /** A fresh, uninitialised connector (for a run, or only for config/validate). */
  create(): C;
  /**
   * URL of the ES module whose `plugins` export holds this plugin (usually `import.meta.url` of
   * the connector package's index). With it the worker can load the plugin again inside a task
   * thread and run each task on its own thread; without it the tasks run on the worker's thread.
   */
  readonly module?: string;
}

export interface ConnectorPluginSpec<C extends Connector> {
  readonly className: string;
  readonly type: ConnectorType;
  readonly connector: new () => C;
  /** Defaults to `new connector().version()`. */
  readonly version?: string;
  /** Replaces the default aliases. */
  readonly aliases?: readonly string[];
  /** See ConnectorPlugin.module. */
  readonly module?: string;
}

export function defaultAliases(className: string): string[] {
  const simple = className.slice(className.lastIndexOf('.') + 1);
  const out = [simple];
  if (simple.endsWith('Connector') && simple.length > 'Connector'.length) out.push(simple.slice(0, -'Connector'.length));
  return out;
}

export function connectorPlugin<C extends Connector>(spec: ConnectorPluginSpec<C>): ConnectorPlugin<C> {
  const Ctor = spec.connector;
  return Object.freeze({
    className: spec.className,
    type: spec.type,
    version: spec.version ?? new Ctor().version(),
    aliases: Object.freeze([...(spec.aliases ?? defaultAliases(spec.className))]),
    create: () => new Ctor(),
    ...(spec.module !== undefined ? { module: spec.module } : {}),
  });
}

/** The worker's view of the installed connectors. */
export class ConnectorPluginRegistry {
  readonly #byClass = new Map<string, ConnectorPlugin>();
  readonly #byAlias = new Map<string, ConnectorPlugin>();
  readonly #ambiguous = new Set<string>();

  /** Adds a plugin; AlreadyExistsException if its class name is already registered. */
  register(plugin: ConnectorPlugin): this {
    if (this.#byClass.has(plugin.className)) throw new AlreadyExistsException(`Connector plugin ${plugin.className} is already registered`);
    this.#byClass.set(plugin.className, plugin);
    for (const alias of plugin.aliases) {
      if (alias === plugin.className || this.#ambiguous.has(alias)) continue;
      const other = this.#byAlias.get(alias);
      if (other !== undefined && other !== plugin) {
        this.#byAlias.delete(alias);
        this.#ambiguous.add(alias);
      } else {
        this.#byAlias.set(alias, plugin);
      }
    }
    return this;
  }

  /** By class name first, then by (unambiguous) alias. */
  find(classOrAlias: string): ConnectorPlugin | undefined {
    return this.#byClass.get(classOrAlias) ?? this.#byAlias.get(classOrAlias);
  }

  /** As find, but throws NotFoundException naming the plugins that exist. */
  get(classOrAlias: string): ConnectorPlugin {
    const p = this.find(classOrAlias);
    if (p !== undefined) return p;
    const why = this.#ambiguous.has(classOrAlias) ? ` ("${classOrAlias}" is an alias of several plugins: use the full class name)` : '';
    const known = this.list().map((x) => x.className).join(', ');
    throw new NotFoundException(`No connector plugin named "${classOrAlias}"${why}; installed: ${known || '(none)'}`);
  }

  /** Every plugin, sorted by class name. */
  list(): ConnectorPlugin[] {
    return [...this.#byClass.values()].sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0));
  }
}
