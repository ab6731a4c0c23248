// The in-memory stores (standalone mode) against the shared store contract.
import { describe } from 'node:test';
import { MemoryConfigStore } from '../../../runtime/storage/memory-config-store.js';
import { MemoryOffsetStore } from '../../../runtime/storage/memory-offset-store.js';
import { MemoryStatusStore } from '../../../runtime/storage/memory-status-store.js';
import { configStoreContract, offsetStoreContract, statusStoreContract } from './store-contract.js';

async function started<T extends { start(): Promise<void> }>(store: T): Promise<T> {
  await store.start();
  return store;
}

describe('MemoryConfigStore', () => configStoreContract(() => started(new MemoryConfigStore())));
describe('MemoryOffsetStore', () => offsetStoreContract(() => started(new MemoryOffsetStore())));
describe('MemoryStatusStore', () => statusStoreContract(() => started(new MemoryStatusStore())));
