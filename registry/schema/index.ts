/**
 * Schema type name -> provider. A request without `schemaType` means AVRO (as in Confluent);
 * names are matched ignoring case; an unknown name is a 42201 naming the supported types.
 */
import { RegistryError } from '../errors.js';
import { avroProvider } from './avro/provider.js';
import { jsonProvider } from './json/provider.js';
import type { SchemaProvider, SchemaType } from './provider.js';

export const schemaProviders: ReadonlyMap<SchemaType, SchemaProvider> = new Map<SchemaType, SchemaProvider>([
  ['AVRO', avroProvider],
  ['JSON', jsonProvider],
]);

/** The supported type names, as GET /schemas/types lists them. */
export const schemaTypes: readonly SchemaType[] = [...schemaProviders.keys()];

/** The provider for a request's or a record's `schemaType` (absent or null = AVRO). */
export function providerFor(schemaType: string | null | undefined): SchemaProvider {
  const name = (schemaType ?? 'AVRO').toUpperCase();
  const p = schemaProviders.get(name as SchemaType);
  if (!p) {
    throw new RegistryError('INVALID_SCHEMA', `Invalid schema type '${schemaType}': supported types are ${schemaTypes.join(', ')} (omit schemaType for AVRO)`);
  }
  return p;
}
