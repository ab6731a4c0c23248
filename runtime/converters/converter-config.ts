/**
 * Settings every converter shares (Kafka's ConverterConfig): `converter.type`, which the worker
 * sets to `key`, `value` or `header` before configuring a converter. A converter configured
 * through `configure(configs, isKey)` gets it filled in, as Kafka's do.
 */
import { ConfigDef } from '../api/config/config-def.js';
import { ValidString } from '../api/config/validators.js';

export const CONVERTER_TYPE_CONFIG = 'converter.type';
export type ConverterType = 'key' | 'value' | 'header';

/** A new ConfigDef holding `converter.type`; each converter adds its own keys to it. */
export function converterConfigDef() {
  return new ConfigDef().define({
    name: CONVERTER_TYPE_CONFIG,
    type: 'STRING',
    validator: ValidString.in('key', 'value', 'header'),
    importance: 'LOW',
    documentation: 'How this converter will be used.',
  });
}

/** `configs` with `converter.type` set (for configure(configs, isKey) and header converters). */
export function withConverterType(configs: Readonly<Record<string, string>>, type: ConverterType): Record<string, string> {
  return { ...configs, [CONVERTER_TYPE_CONFIG]: type };
}

/** The type a `configure(configs, isKey?)` call means: isKey given -> key/value; else the
 * configs' own `converter.type`, `header` when absent (the header converter's configure). */
export function converterTypeOf(configs: Readonly<Record<string, string>>, isKey: boolean | undefined): ConverterType {
  if (isKey !== undefined) return isKey ? 'key' : 'value';
  const given = configs[CONVERTER_TYPE_CONFIG]?.trim();
  return given === 'key' || given === 'value' ? given : 'header';
}
