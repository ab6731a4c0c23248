// An in-process broker and a registry on a free port (test/helpers/registry.ts, as the
// registry's own tests start it), for the client's integration and interop tests.
import { silentLogger } from '../../../registry/logger.js';
import { removeDir, startBroker } from '../../helpers/broker.js';
import { BROKER_SETTINGS, startRegistry as startRegistryOn } from '../../helpers/registry.js';

export interface RegistryFixture {
  /** Base URL of the registry, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  close(): Promise<void>;
}

export async function startRegistry(settings: Record<string, string> = {}): Promise<RegistryFixture> {
  const { broker, dir } = await startBroker({ settings: BROKER_SETTINGS });
  let registry;
  try {
    registry = await startRegistryOn(broker.bootstrap, settings, silentLogger);
  } catch (err) {
    await broker.close();
    removeDir(dir);
    throw err;
  }
  return {
    url: registry.url,
    async close() {
      await registry.close();
      await broker.close();
      removeDir(dir);
    },
  };
}

/** A subject name unique within this process. */
let counter = 0;
export function uniqueSubject(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}
