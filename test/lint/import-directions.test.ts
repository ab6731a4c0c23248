// The lint rule that enforces the design's import directions must actually fire: lint small
// snippets as if they were files in each part and check which are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function refused(file: string, importPath: string): Promise<boolean> {
  const [r] = await eslint.lintText(`import '${importPath}';\n`, { filePath: `${root}${file}` });
  return r!.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

test('broker/ imports nothing from the other parts', async () => {
  assert.equal(await refused('broker/apis/x.ts', '../../registry/store.js'), true);
  assert.equal(await refused('broker/apis/x.ts', '../../runtime/worker.js'), true);
  assert.equal(await refused('broker/x.ts', '../connectors/twitter/source.js'), true);
  assert.equal(await refused('broker/apis/x.ts', '../log/partition-log.js'), false);
});

test('registry/ never imports runtime/ or the broker sources', async () => {
  assert.equal(await refused('registry/x.ts', '../runtime/api/index.js'), true);
  assert.equal(await refused('registry/x.ts', '../broker/broker.js'), true);
  assert.equal(await refused('registry/x.ts', '@platformatic/kafka'), false);
});

test('registry/client never pulls in the registry server', async () => {
  assert.equal(await refused('registry/client/serde.ts', '../store/store.js'), true);
  assert.equal(await refused('registry/client/serde.ts', '../schema/avro/provider.js'), false);
  assert.equal(await refused('registry/client/serde.ts', '../errors.js'), false);
});

test('connectors import only runtime/api', async () => {
  assert.equal(await refused('connectors/twitter/source.ts', '../../runtime/api/index.js'), false);
  assert.equal(await refused('connectors/twitter/source.ts', '../../runtime/worker/herder.js'), true);
  assert.equal(await refused('connectors/twitter/source.ts', '../../broker/broker.js'), true);
  assert.equal(await refused('connectors/twitter/source.ts', '../../registry/serde.js'), true);
});

test('runtime/ talks to the broker only over the network and uses the registry only through registry/client', async () => {
  assert.equal(await refused('runtime/worker.ts', '../broker/broker.js'), true);
  assert.equal(await refused('runtime/worker.ts', '../registry/server.js'), true);
  assert.equal(await refused('runtime/converters/avro.ts', '../../registry/store/store.js'), true);
  assert.equal(await refused('runtime/converters/avro.ts', '../../registry/client/serde.js'), false);
  assert.equal(await refused('runtime/worker.ts', '../connectors/twitter/source.js'), true);
});
