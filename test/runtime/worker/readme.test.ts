// runtime/worker/README.md shows the settings tables generated from the specs, unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigDef } from '../../../runtime/api/index.js';
import { connectorConfigDef } from '../../../runtime/worker/connector-config.js';
import { WORKER_CONFIG } from '../../../runtime/worker/worker-config.js';

const readme = readFileSync(new URL('../../../../runtime/worker/README.md', import.meta.url), 'utf8');

test('the README tables are the specs\' tables', () => {
  const topicCreation = new ConfigDef();
  for (const k of connectorConfigDef('source').configKeys().values()) if (k.name.startsWith('topic.creation')) topicCreation.defineKey(k);
  for (const [what, table] of [['worker', WORKER_CONFIG.toMarkdownTable()], ['connector', connectorConfigDef('sink').toMarkdownTable()], ['topic creation', topicCreation.toMarkdownTable()]] as const) {
    assert.ok(readme.includes(table), `the ${what} table in runtime/worker/README.md is out of date; regenerate it from the spec`);
  }
});
