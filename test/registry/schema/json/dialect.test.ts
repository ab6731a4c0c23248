import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dialectOf, dialectOfUrl, prepareForAjv } from '../../../../registry/schema/json/dialect.js';

test('dialect: $schema URLs, with or without https and trailing #', () => {
  const table: [unknown, string | undefined][] = [
    ['http://json-schema.org/draft-04/schema#', 'draft-04'],
    ['http://json-schema.org/draft-06/schema#', 'draft-06'],
    ['http://json-schema.org/draft-07/schema', 'draft-07'],
    ['https://json-schema.org/draft-07/schema#', 'draft-07'],
    ['https://json-schema.org/draft/2019-09/schema', '2019-09'],
    ['https://json-schema.org/draft/2020-12/schema', '2020-12'],
    ['http://example.com/my-meta', undefined],
    [7, undefined],
  ];
  for (const [url, dialect] of table) assert.equal(dialectOfUrl(url), dialect, String(url));
});

test('dialect: documents default to draft-07, like Confluent', () => {
  assert.equal(dialectOf({}), 'draft-07');
  assert.equal(dialectOf(true), 'draft-07');
  assert.equal(dialectOf({ $schema: 'http://example.com/x' }), 'draft-07');
  assert.equal(dialectOf({ $schema: 'https://json-schema.org/draft/2020-12/schema' }), '2020-12');
});

test('dialect: draft-04 documents are rewritten for ajv, the original untouched', () => {
  const original = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    id: 'http://example.com/s',
    properties: {
      id: { type: 'integer', maximum: 5, exclusiveMaximum: true, minimum: 0, exclusiveMinimum: false },
    },
  };
  const copy = prepareForAjv(original, 'draft-04');
  assert.deepEqual(copy, {
    $id: 'http://example.com/s',
    properties: { id: { type: 'integer', exclusiveMaximum: 5, minimum: 0 } },
  });
  assert.equal(original.properties.id.maximum, 5);
});

test('dialect: unknown $schema is dropped, known ones kept', () => {
  assert.deepEqual(prepareForAjv({ $schema: 'http://example.com/x', type: 'string' }, 'draft-07'), { type: 'string' });
  const d6 = { $schema: 'http://json-schema.org/draft-06/schema#', type: 'string' };
  assert.deepEqual(prepareForAjv(d6, 'draft-07'), d6);
  assert.deepEqual(prepareForAjv({ $schema: 'https://json-schema.org/draft/2019-09/schema' }, '2020-12'), {});
  assert.equal(prepareForAjv(true, 'draft-07'), true);
});
