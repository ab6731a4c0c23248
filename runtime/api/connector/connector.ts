/**
 * The connector and task contract shared by sources and sinks (Java's Connector, Task,
 * ConnectorContext). A connector is the small coordinating object: it reads its configuration,
 * watches the external system if it must, and splits the work into task configurations. Tasks
 * move the data. Both are created by the runtime with a no-argument constructor.
 *
 * Connector lifecycle, driven by the runtime, one call at a time (never concurrently):
 *   new → initialize(context) → start(props) → taskConfigs(maxTasks)* → … → stop()
 * `taskConfigs` is called after start and again whenever the connector calls
 * `context.requestTaskReconfiguration()`. `stop` is called once; the object is then discarded.
 * `config()` and `validate()` may also be called on a fresh instance that is never started (the
 * REST config/validate call), so they must not depend on start.
 *
 * Methods may return a Promise wherever Java would block; the runtime awaits every call.
 */
import { Config, type ConfigDef } from '../config/config-def.js';

export type Awaitable<T> = T | Promise<T>;

/** String-to-string configuration, as stored and as sent over REST. */
export type ConnectorProps = Readonly<Record<string, string>>;

export interface Versioned {
  /** The plugin's version, shown by GET /connector-plugins and in status. */
  version(): string;
}

/** What the runtime offers a connector. Safe to call from any callback, any time after initialize. */
export interface ConnectorContext {
  /**
   * Asks the runtime to call `taskConfigs()` again and restart the tasks if their configurations
   * changed (e.g. a table was added). Returns at once; the reconfiguration happens later.
   */
  requestTaskReconfiguration(): void;
  /**
   * Reports an unrecoverable error found in the background (e.g. a monitoring timer). The runtime
   * marks the connector FAILED and stops it. Errors thrown from start/taskConfigs need not use this.
   */
  raiseError(error: Error): void;
}

/** A task class as the runtime instantiates it. */
export type TaskClass<T extends Task = Task> = new () => T;

export interface Task extends Versioned {
  /**
   * Starts the task with one of the configurations the connector produced. The task may open
   * connections here. Throwing fails the task (a RetriableException does not make it retry: the
   * runtime restarts tasks only on request).
   */
  start(props: ConnectorProps): Awaitable<void>;
  /**
   * Stops the task: release every resource. Called once, also after a failure; may be called
   * while a `poll()`/`put()` is still pending, and must make that call finish promptly.
   */
  stop(): Awaitable<void>;
}

export abstract class Connector implements Versioned {
  /** Set by `initialize()` before `start()`; undefined on an instance used only for validation. */
  protected context!: ConnectorContext;

  /** Called by the runtime once, before start. Subclasses overriding it must call super. */
  initialize(context: ConnectorContext): void {
    this.context = context;
  }

  abstract version(): string;

  /** Starts the connector with its (user-supplied, already validated) configuration. */
  abstract start(props: ConnectorProps): Awaitable<void>;

  /**
   * The runtime asks for a new configuration without recreating the object. The default stops
   * and starts again, as in Java.
   */
  async reconfigure(props: ConnectorProps): Promise<void> {
    await this.stop();
    await this.start(props);
  }

  /** The class of this connector's tasks. */
  abstract taskClass(): TaskClass;

  /**
   * Splits the work into at most `maxTasks` task configurations (fewer is fine; one per table,
   * file, shard…). Each map is passed to one task's `start()`. Called only while started.
   */
  abstract taskConfigs(maxTasks: number): Awaitable<ConnectorProps[]>;

  /** Stops the connector and releases its resources. Called once. */
  abstract stop(): Awaitable<void>;

  /** The declarative spec of this connector's settings: the single source of truth. */
  abstract config(): ConfigDef;

  /**
   * Validates a configuration for REST config/validate and before start. The default checks
   * every key against `config()`; override to add cross-field checks (call super first and add
   * messages to the returned values). Must not throw for invalid input: report it per key.
   */
  validate(props: ConnectorProps): Awaitable<Config> {
    return new Config(this.config().validate(props));
  }
}
