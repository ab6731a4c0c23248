/**
 * The key, value and header converters of one task, chosen as Kafka Connect chooses them: a
 * converter class set in the connector config wins, and is configured with the connector's
 * `<role>.*` settings only; otherwise the worker's class with the worker's `<role>.*` settings.
 * Each task gets fresh instances, configured once (`converter.type` is filled in by the
 * converters' own configure).
 */
import type { Converter, HeaderConverter } from '../api/plugins/converter.js';
import type { WorkerPlugins } from './plugins.js';
import type { WorkerConfig } from './worker-config.js';

export interface TaskConverters {
  readonly key: Converter;
  readonly keyClass: string;
  readonly value: Converter;
  readonly valueClass: string;
  readonly header: HeaderConverter;
  readonly headerClass: string;
  close(): Promise<void>;
}

function prefixed(props: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix) && k.length > prefix.length) out[k.slice(prefix.length)] = v;
  return out;
}

/** Creates and configures the three converters; throws (ConfigException, NotFoundException) on bad settings. */
export async function createTaskConverters(connectorProps: Readonly<Record<string, string>>, worker: WorkerConfig, plugins: WorkerPlugins): Promise<TaskConverters> {
  const pick = (role: 'key.converter' | 'value.converter' | 'header.converter'): { cls: string; settings: Record<string, string> } => {
    const own = connectorProps[role]?.trim();
    if (own !== undefined && own !== '') return { cls: own, settings: prefixed(connectorProps, `${role}.`) };
    return { cls: worker.values[role], settings: worker.withPrefix(`${role}.`) };
  };
  const k = pick('key.converter');
  const v = pick('value.converter');
  const h = pick('header.converter');
  const key = plugins.converter(k.cls).create();
  await key.configure(k.settings, true);
  const value = plugins.converter(v.cls).create();
  await value.configure(v.settings, false);
  const header = plugins.headerConverter(h.cls).create();
  header.configure(h.settings);
  return {
    key, value, header,
    keyClass: plugins.converter(k.cls).className,
    valueClass: plugins.converter(v.cls).className,
    headerClass: plugins.headerConverter(h.cls).className,
    async close() {
      await Promise.allSettled([key.close?.(), value.close?.(), Promise.resolve(header.close?.())]);
    },
  };
}
