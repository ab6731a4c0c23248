import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { CONFIG_DEF } from '../../../connectors/datagen/config.js';

// Runs from build/test/connectors/datagen/: the README is in the source tree.
const readme = new URL('../../../../connectors/datagen/README.md', import.meta.url);

test("the README's settings table is the ConfigDef's own", async () => {
  assert.ok((await readFile(readme, 'utf8')).includes(CONFIG_DEF.toMarkdownTable()), 'the datagen settings table is out of date');
});
