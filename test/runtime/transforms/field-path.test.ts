import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigException } from '../../../runtime/api/errors.js';
import { SingleFieldPath } from '../../../runtime/transforms/field-path.js';

const cases: Array<[string, string[]]> = [
  ['a', ['a']],
  ['a.b.c', ['a', 'b', 'c']],
  ['`a.b`.c', ['a.b', 'c']],
  ['a.`b.c`', ['a', 'b.c']],
  ['`a`b`.c', ['a`b', 'c']],
  ['`a\\`.b`', ['a`.b']],
  ['a.', ['a', '']],
  ['', ['']],
];
for (const [path, steps] of cases) {
  test(`V2 path ${JSON.stringify(path)} has steps ${JSON.stringify(steps)}`, () => {
    assert.deepEqual(new SingleFieldPath(path, 'V2').steps, steps);
  });
}

test('V1 keeps the whole setting as one step; an open backtick is a ConfigException', () => {
  assert.deepEqual(new SingleFieldPath('a.b', 'V1').steps, ['a.b']);
  assert.throws(() => new SingleFieldPath('`a.b', 'V2'), (e: unknown) => e instanceof ConfigException && /Incomplete backtick pair in path: \[`a\.b\]/.test(e.message));
});
