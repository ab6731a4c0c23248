import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema, SchemaAndValue } from '../../../runtime/api/data/schema.js';
import { ConfigException } from '../../../runtime/api/errors.js';
import { Headers } from '../../../runtime/api/header/headers.js';
import { StringConverter, charsetFor } from '../../../runtime/converters/string-converter.js';

function converter(configs: Record<string, string> = {}): StringConverter {
  const c = new StringConverter();
  c.configure(configs, false);
  return c;
}

test('UTF-8 by default; reads back an optional STRING whatever was written', async () => {
  const c = converter();
  const bytes = await c.fromConnectData('t', new Headers(), Schema.STRING_SCHEMA, 'héllo');
  assert.deepEqual(bytes, Buffer.from('héllo', 'utf8'));
  assert.ok((await c.toConnectData('t', new Headers(), bytes)).equals(new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, 'héllo')));
  assert.deepEqual(c.serialize(42n), Buffer.from('42'));
  assert.deepEqual(c.serialize(true), Buffer.from('true'));
  assert.deepEqual(c.serialize(new Date(0)), Buffer.from('1970-01-01T00:00:00.000Z'));
  assert.equal(c.serialize(null), null);
  assert.ok(c.deserialize(null).equals(new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, null)));
});

test('converter.encoding takes Java charset names', () => {
  assert.deepEqual(converter({ 'converter.encoding': 'UTF-16' }).serialize('A'), Buffer.from([0xfe, 0xff, 0x00, 0x41]));
  assert.deepEqual(converter({ 'converter.encoding': 'utf-16be' }).serialize('A'), Buffer.from([0x00, 0x41]));
  assert.deepEqual(converter({ 'converter.encoding': 'UTF-16LE' }).serialize('A'), Buffer.from([0x41, 0x00]));
  assert.deepEqual(converter({ 'converter.encoding': 'ISO-8859-1' }).serialize('é'), Buffer.from([0xe9]));
  assert.equal(converter({ 'converter.encoding': 'UTF-16' }).deserialize(Buffer.from([0xff, 0xfe, 0x41, 0x00])).value, 'A');
  assert.equal(converter({ 'converter.encoding': 'UTF-16' }).deserialize(Buffer.from([0x00, 0x41])).value, 'A');
  assert.equal(converter({ 'converter.encoding': 'US-ASCII' }).deserialize(Buffer.from('ok')).value, 'ok');
  assert.throws(() => converter({ 'converter.encoding': 'EBCDIC' }), (e: unknown) => e instanceof ConfigException && /converter\.encoding/.test(e.message));
  assert.throws(() => charsetFor('KOI8-R'), ConfigException);
});

test('as a header converter', () => {
  const c = new StringConverter();
  c.configure({});
  assert.deepEqual(c.fromConnectHeader('t', 'h', Schema.INT32_SCHEMA, 5), Buffer.from('5'));
  assert.equal(c.toConnectHeader('t', 'h', Buffer.from('5')).value, '5');
  assert.deepEqual(c.config().names(), ['converter.type', 'converter.encoding']);
});
