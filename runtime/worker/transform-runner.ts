/**
 * Applies a connector's transformation chain to one record under the error policy, one stage at a
 * time, so that a failure names the transform's class (stage TRANSFORMATION, class e.g.
 * `org.apache.kafka.connect.transforms.Cast$Value`). Predicates are evaluated inside the same
 * stage as the transform they guard. Result: the new record, null when a transform dropped it, or
 * SKIPPED when a failure was tolerated.
 */
import type { AnyRecord } from '../api/plugins/transformation.js';
import { buildTransformationChain, type TransformationChain } from '../transforms/chain.js';
import type { TransformPluginRegistry } from '../transforms/registry.js';
import type { RawRecord } from './error-reporting.js';
import { SKIPPED, isThenable, type RetryWithToleranceOperator, type Skipped } from './retry-operator.js';

export interface NamedChain {
  readonly chain: TransformationChain;
  /** Full class name per alias. */
  readonly classes: ReadonlyMap<string, string>;
}

/** Builds the chain (ConfigException when invalid) and resolves each alias's class name. */
export function buildNamedChain(props: Readonly<Record<string, string>>, registry: TransformPluginRegistry): NamedChain {
  const chain = buildTransformationChain(props, registry);
  const classes = new Map<string, string>();
  for (const s of chain.stages) {
    const type = props[`transforms.${s.alias}.type`]?.trim() ?? '';
    classes.set(s.alias, registry.findTransformation(type)?.className ?? type);
  }
  return { chain, classes };
}

/** The chain's result for `record`; synchronous unless a stage answered a promise (a retry). */
export function applyChain<R extends AnyRecord>(named: NamedChain, record: R, op: RetryWithToleranceOperator, raw?: RawRecord): R | null | Skipped | Promise<R | null | Skipped> {
  return applyFrom(named, 0, record, op, raw);
}

function applyFrom<R extends AnyRecord>(named: NamedChain, from: number, record: R, op: RetryWithToleranceOperator, raw: RawRecord | undefined): R | null | Skipped | Promise<R | null | Skipped> {
  const stages = named.chain.stages;
  let current: R = record;
  for (let i = from; i < stages.length; i++) {
    const s = stages[i]!;
    const input = current;
    const result = op.execute(() => {
      if (s.predicate !== null && s.predicate.predicate.test(input as never) === s.negate) return input;
      return s.transformation.apply(input as never) as R | null;
    }, { stage: 'TRANSFORMATION', className: named.classes.get(s.alias) ?? s.alias, record: input, ...(raw !== undefined ? { raw } : {}) });
    if (isThenable(result)) {
      return result.then((r) => (r === SKIPPED || r === null ? r : applyFrom(named, i + 1, r, op, raw)));
    }
    if (result === SKIPPED) return SKIPPED;
    if (result === null) return null;
    current = result;
  }
  return current;
}
