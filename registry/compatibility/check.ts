/**
 * Runs a compatibility level: which previous versions to compare with, in which direction, and
 * how each reason reads. Providers say what is wrong at which path and how to fix it; this file
 * adds the level, the direction and the version, so one message is enough to act on:
 *
 *   BACKWARD: the new schema cannot read data written with version 2: /fields/zip: <what> Fix: <how>
 *   FORWARD: version 2 cannot read data written with the new schema: /fields/zip: <what> Fix: <how>
 *
 * Every reason against every compared version is reported (not only the first).
 */
import type { Incompatibility, ParsedSchema, SchemaProvider } from '../schema/provider.js';
import { LEVEL_RULES, type CompatibilityLevel } from './levels.js';

export interface PreviousVersion {
  readonly version: number;
  readonly schema: ParsedSchema;
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function describe(prefix: string, i: Incompatibility): string {
  const fix = i.fix.trim() ? ` Fix: ${sentence(i.fix)}` : '';
  return `${prefix}: ${i.path || '/'}: ${sentence(i.message)}${fix}`;
}

/**
 * Every reason `candidate` breaks `level` against `previous` (live versions, oldest first);
 * empty = compatible. `providerFor` gives the provider of a schema type (the candidate's one
 * judges both directions, since both sides have its type when the check runs).
 */
export function checkCompatibility(
  provider: SchemaProvider,
  level: CompatibilityLevel,
  candidate: ParsedSchema,
  previous: readonly PreviousVersion[],
): string[] {
  const rule = LEVEL_RULES[level];
  if (previous.length === 0 || (!rule.backward && !rule.forward)) return [];
  const newestFirst = [...previous].sort((a, b) => b.version - a.version);
  const targets = rule.transitive ? newestFirst : newestFirst.slice(0, 1);
  const messages: string[] = [];
  for (const { version, schema } of targets) {
    if (schema.type !== candidate.type) {
      messages.push(`${level}: the new schema is of type ${candidate.type} but version ${version} is ${schema.type}: `
        + 'a reader of one type cannot read data written with the other. Fix: register the new schema under another subject, '
        + 'or set this subject\'s compatibility to NONE (PUT /config/{subject}).');
      continue;
    }
    if (rule.backward) {
      const prefix = `${level}: the new schema cannot read data written with version ${version}`;
      for (const i of provider.compatibility(candidate, schema)) messages.push(describe(prefix, i));
    }
    if (rule.forward) {
      const prefix = `${level}: version ${version} cannot read data written with the new schema`;
      for (const i of provider.compatibility(schema, candidate)) messages.push(describe(prefix, i));
    }
  }
  return messages;
}
