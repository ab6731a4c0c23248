import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { SINK_CONFIG_DEF, SOURCE_CONFIG_DEF } from '../../../connectors/file/config.js';

// Runs from build/test/connectors/file/: the README is in the source tree.
const readme = new URL('../../../../connectors/file/README.md', import.meta.url);

test("the README's settings tables are the ConfigDefs' own", async () => {
  const text = await readFile(readme, 'utf8');
  assert.ok(text.includes(SOURCE_CONFIG_DEF.toMarkdownTable()), 'FileStreamSource table is out of date');
  assert.ok(text.includes(SINK_CONFIG_DEF.toMarkdownTable()), 'FileStreamSink table is out of date');
});
