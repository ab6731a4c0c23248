/**
 * Field paths (KIP-821's `field.syntax.version`). V1: the setting is one top-level field name,
 * dots included. V2: dotted steps into nested Structs/objects (`a.b.c`); a step containing dots
 * is wrapped in backticks (`` `a.b`.c ``), and a backtick inside such a step that would
 * otherwise close it is escaped with a backslash. A trailing dot adds an empty last step.
 */
import type { Field } from '../api/data/field.js';
import type { Schema } from '../api/data/schema.js';
import type { Struct } from '../api/data/struct.js';
import { ConfigException } from '../api/errors.js';
import { requireMapOrNull, requireStructOrNull } from './schemaless.js';

export type FieldSyntaxVersion = 'V1' | 'V2';

export const FIELD_SYNTAX_VERSION = 'field.syntax.version';

export class SingleFieldPath {
  readonly steps: readonly string[];

  /** ConfigException (keyless, Kafka's wording) when a V2 backtick is left open. */
  constructor(
    readonly path: string,
    readonly version: FieldSyntaxVersion,
  ) {
    this.steps = version === 'V1' ? [path] : parseV2(path);
  }

  /** The field at the path in a STRUCT schema, or undefined when a step does not exist. */
  fieldFrom(schema: Schema): Field | undefined {
    let current = schema;
    for (const step of this.steps.slice(0, -1)) {
      const f = current.type === 'STRUCT' ? current.field(step) : undefined;
      if (f === undefined) return undefined;
      current = f.schema;
    }
    return current.type === 'STRUCT' ? current.field(this.steps.at(-1)!) : undefined;
  }

  /** The value at the path in a Struct; null when a step is missing or null. */
  valueFromStruct(struct: Struct, withDefault: boolean): unknown {
    let current: Struct | null = struct;
    for (const step of this.steps.slice(0, -1)) {
      if (current.schema.field(step) === undefined) return null;
      current = requireStructOrNull(current.get(step), 'nested field access');
      if (current === null) return null;
    }
    const last = this.steps.at(-1)!;
    if (current.schema.field(last) === undefined) return null;
    return withDefault ? current.get(last) : current.getWithoutDefault(last);
  }

  /** The value at the path in a schemaless object; null when a step is missing or null. */
  valueFromMap(value: unknown): unknown {
    let current = requireMapOrNull(value, 'nested field access');
    for (const step of this.steps.slice(0, -1)) {
      if (current === null) return null;
      current = requireMapOrNull(current.get(step), 'nested field access');
    }
    return current?.get(this.steps.at(-1)!) ?? null;
  }
}

function parseV2(path: string): string[] {
  const steps: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '`') {
      i = quotedStep(path, i, steps);
      continue;
    }
    const dot = path.indexOf('.', i);
    steps.push(dot < 0 ? path.slice(i) : path.slice(i, dot));
    i = dot < 0 ? path.length : dot + 1;
  }
  if (path.endsWith('.') || steps.length === 0) steps.push('');
  return steps;
}

/**
 * Reads a backticked step starting at `open`; returns where the next step starts. Only a
 * backtick at the end or before a dot closes the step; a backslash before such a backtick makes
 * it part of the name instead.
 */
function quotedStep(path: string, open: number, steps: string[]): number {
  let name = '';
  for (let k = open + 1; k < path.length; k++) {
    const c = path[k]!;
    const closes = c === '`' && (k === path.length - 1 || path[k + 1] === '.');
    if (!closes) {
      name += c;
    } else if (path[k - 1] === '\\' && k - 1 > open) {
      if (k === path.length - 1) break;
      name = `${name.slice(0, -1)}\``;
    } else {
      steps.push(name);
      return k + 2;
    }
  }
  throw incomplete(path, open);
}

function incomplete(path: string, at: number): ConfigException {
  return new ConfigException(
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${at} to escape it`,
  );
}
