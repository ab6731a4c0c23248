/**
 * How the shared connector contract suites are put together: a case is a named check that runs
 * against one connector plugin. A connector's test file registers every case; a case it cannot
 * run must be listed in its `skip` map with the reason, which the test title shows. A case that
 * finds it does not apply (e.g. no required setting to leave out) fails with NotApplicable until
 * it is listed, and a listed one must still throw NotApplicable, so a skip is always a written,
 * checked decision, never silent (and nothing is reported as skipped).
 */
import { describe, test } from 'node:test';
import type { Awaitable, ConnectorPlugin, ConnectorProps, ConnectorType } from '../../../runtime/api/index.js';
import type { ConfigCaseContext } from './config-cases.js';

export interface ContractCase<C> {
  /** Stable id, used as the key of the skip map. */
  readonly id: string;
  /** What is checked, as the test's title. */
  readonly title: string;
  run(ctx: C): Promise<void>;
}

/** Thrown by a case that does not apply to this connector; the message says how to list it. */
export class NotApplicable extends Error {
  constructor(caseId: string, why: string) {
    super(`contract case '${caseId}' does not apply: ${why}. List it in the connector's skip map with that reason.`);
  }
}

export const CASE_TIMEOUT_MS = 30_000;

/** Registers one describe() block: every case, skipped ones with their reason. */
export function registerCases<C>(suite: string, cases: ReadonlyArray<ContractCase<C>>, skip: Readonly<Record<string, string>>, ctx: () => C): void {
  describe(suite, () => {
    const ids = new Set(cases.map((c) => c.id));
    const unknown = Object.keys(skip).filter((id) => !ids.has(id));
    if (unknown.length > 0) {
      test('the skip map names only existing cases', () => {
        throw new Error(`unknown contract case(s) in skip: ${unknown.join(', ')}; cases are: ${[...ids].join(', ')}`);
      });
    }
    for (const c of cases) {
      const reason = skip[c.id];
      if (reason !== undefined) {
        if (reason.trim() === '') throw new Error(`skipping '${c.id}' needs a reason`);
        // Not skipped silently: the case must still find for itself that it does not apply, so a
        // skip entry that went stale (the connector gained what the case needs) fails.
        test(`[${c.id}] not applicable: ${reason}`, { timeout: CASE_TIMEOUT_MS }, async () => {
          await c.run(ctx()).then(
            () => { throw new Error(`contract case '${c.id}' ran and passed: remove it from the skip map`); },
            (err: unknown) => { if (!(err instanceof NotApplicable)) throw err; },
          );
        });
      } else {
        test(`[${c.id}] ${c.title}`, { timeout: CASE_TIMEOUT_MS }, () => c.run(ctx()));
      }
    }
  });
}

/** The value and how long it took. */
export async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t0 };
}

/** Rejects with `what` when `p` has not settled within `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** What the options of every suite have: valid configurations, the expected task count, the skip map. */
export interface SuiteOptions {
  /** Fresh data and a valid configuration for one case. */
  fixture(): Awaitable<{ readonly props: ConnectorProps; cleanup?(): Awaitable<void> }>;
  /** How many task configurations taskConfigs(maxTasks) must return. */
  expectedTaskCount(maxTasks: number): number;
  /** Case id → why this connector skips it. */
  skip?: Readonly<Record<string, string>>;
}

/** What a case of a suite gets: the plugin, its type, the connector's options. */
export interface SuiteContext<O extends SuiteOptions> extends ConfigCaseContext {
  readonly opts: O;
}

/** One suite (source or sink): its case ids, a case by id and its context (for the suite's own tests), and registration. */
export interface ContractSuite<O extends SuiteOptions> {
  readonly ids: readonly string[];
  byId(id: string): ContractCase<SuiteContext<O>>;
  context(plugin: ConnectorPlugin, opts: O): SuiteContext<O>;
  register(name: string, plugin: ConnectorPlugin, opts: O): void;
}

export function contractSuite<O extends SuiteOptions>(
  type: ConnectorType,
  cases: ReadonlyArray<ContractCase<SuiteContext<O>>>,
  startConnector: SuiteContext<O>['startConnector'],
): ContractSuite<O> {
  const context = (plugin: ConnectorPlugin, opts: O): SuiteContext<O> => ({
    plugin,
    type,
    opts,
    expectedTaskCount: (max) => opts.expectedTaskCount(max),
    startConnector,
    validProps: async () => {
      const fx = await opts.fixture();
      return { props: fx.props, cleanup: async () => void (await fx.cleanup?.()) };
    },
  });
  return {
    ids: cases.map((c) => c.id),
    byId(id) {
      const c = cases.find((x) => x.id === id);
      if (c === undefined) throw new Error(`no ${type} case ${id}`);
      return c;
    },
    context,
    register(name, plugin, opts) {
      registerCases(`${type} contract: ${name}`, cases, opts.skip ?? {}, () => context(plugin, opts));
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
