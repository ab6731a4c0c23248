/**
 * The seven compatibility levels, as Confluent names them, and what each one checks.
 *
 * Direction: BACKWARD means consumers using the new schema can read data written with older
 * schemas (new = reader, old = writer); FORWARD means consumers still on an older schema can read
 * data written with the new one (old = reader, new = writer); FULL is both. Plain levels compare
 * with the latest live version only, `_TRANSITIVE` ones with every live version.
 */
export const COMPATIBILITY_LEVELS = [
  'NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE',
] as const;

export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export interface LevelRule {
  /** The new schema must read data written with the old versions. */
  readonly backward: boolean;
  /** The old versions must read data written with the new schema. */
  readonly forward: boolean;
  /** Compare with every live version, not only the latest. */
  readonly transitive: boolean;
}

export const LEVEL_RULES: Readonly<Record<CompatibilityLevel, LevelRule>> = {
  NONE: { backward: false, forward: false, transitive: false },
  BACKWARD: { backward: true, forward: false, transitive: false },
  BACKWARD_TRANSITIVE: { backward: true, forward: false, transitive: true },
  FORWARD: { backward: false, forward: true, transitive: false },
  FORWARD_TRANSITIVE: { backward: false, forward: true, transitive: true },
  FULL: { backward: true, forward: true, transitive: false },
  FULL_TRANSITIVE: { backward: true, forward: true, transitive: true },
};

/** The level named by `s` (any case), or undefined. */
export function parseCompatibilityLevel(s: unknown): CompatibilityLevel | undefined {
  if (typeof s !== 'string') return undefined;
  const up = s.trim().toUpperCase();
  return (COMPATIBILITY_LEVELS as readonly string[]).includes(up) ? (up as CompatibilityLevel) : undefined;
}
