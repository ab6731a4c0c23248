import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDef } from '../../../../runtime/api/config/config-def.js';
import { Range, ValidString } from '../../../../runtime/api/config/validators.js';

test('the Markdown table: required first, then importance and name; units for .ms and .bytes', () => {
  const def = new ConfigDef()
    .define({ name: 'poll.interval.ms', type: 'LONG', default: 300000, importance: 'LOW', documentation: 'How often | to poll.' })
    .define({ name: 'buffer.bytes', type: 'INT', default: 1048576, validator: Range.atLeast(1024), importance: 'MEDIUM', documentation: 'Buffer\nsize.' })
    .define({ name: 'url', type: 'STRING', importance: 'HIGH', documentation: 'Where.' })
    .define({ name: 'mode', type: 'STRING', default: '', validator: ValidString.in('', 'a'), importance: 'HIGH', documentation: 'Mode.' })
    .define({ name: 'token', type: 'PASSWORD', default: null, importance: 'HIGH', documentation: 'Token.' })
    .define({ name: 'internal.x', type: 'INT', default: 1, importance: 'HIGH', documentation: 'Hidden.', internal: true });
  assert.equal(
    def.toMarkdownTable(),
    [
      '| Name | Description | Type | Default | Valid Values | Importance |',
      '|------|-------------|------|---------|--------------|------------|',
      '| `url` | Where. | string |  |  | high |',
      '| `mode` | Mode. | string | "" | [, a] | high |',
      '| `token` | Token. | password | null |  | high |',
      '| `buffer.bytes` | Buffer size. | int | 1048576 (1 mebibyte) | [1024,...] | medium |',
      '| `poll.interval.ms` | How often \\| to poll. | long | 300000 (5 minutes) |  | low |',
      '',
    ].join('\n'),
  );
});
