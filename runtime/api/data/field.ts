/**
 * One field of a STRUCT schema: its name, its position in the struct and its schema. Fields are
 * created by `SchemaBuilder.field()` and are immutable; `index` is the order of definition.
 */
import type { Schema } from './schema.js';

export class Field {
  constructor(
    readonly name: string,
    readonly index: number,
    readonly schema: Schema,
  ) {}

  equals(other: unknown): boolean {
    return other instanceof Field && other.name === this.name && other.index === this.index && this.schema.equals(other.schema);
  }

  toString(): string {
    return `Field{name=${this.name}, index=${this.index}, schema=${String(this.schema)}}`;
  }
}
