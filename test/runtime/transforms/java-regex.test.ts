import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JavaReplacement, compileJavaRegex, matchesWhole } from '../../../runtime/transforms/java-regex.js';

test('Java patterns: whole match, inline flags, \\Q..\\E quoting and anchors', () => {
  const cases: Array<[string, string, boolean]> = [
    ['orders-.*', 'orders-eu', true],
    ['orders', 'orders-eu', false],
    ['(?i)ORDERS-(.*)', 'orders-eu', true],
    ['\\Qa.b\\E-\\d+', 'a.b-12', true],
    ['\\Qa.b\\E-\\d+', 'axb-12', false],
    ['\\Ax+\\z', 'xxx', true],
    ['(?x) a b  # spaced', 'ab', true],
    ['\\p{L}+', 'héllo', true],
  ];
  for (const [pattern, input, expected] of cases) assert.equal(matchesWhole(compileJavaRegex(pattern), input) !== null, expected, `${pattern} ~ ${input}`);
  assert.equal(compileJavaRegex('(a)(b(c))').groupCount, 3);
  assert.throws(() => compileJavaRegex('(unclosed'));
  assert.throws(() => compileJavaRegex('a*+'), 'possessive quantifiers are Java-only');
});

test('Java replacements: $n, ${name}, escapes, longest existing group number', () => {
  const p = compileJavaRegex('(?<db>[a-z]+)\\.(\\w+)\\.(\\w+)');
  const m = matchesWhole(p, 'shop.public.orders')!;
  const expand = (r: string): string => JavaReplacement.compile(r, p).expand(m);
  assert.equal(expand('$3'), 'orders');
  assert.equal(expand('${db}_$2'), 'shop_public');
  assert.equal(expand('\\$1 costs $$1'.replace('$$', '\\$')), '$1 costs $1');
  assert.equal(expand('$10'), 'shop0', '$10 is group 1 then "0" when there is no group 10');
  assert.equal(expand('$0'), 'shop.public.orders');
  assert.throws(() => expand('$4'), /No group 4/);
  assert.throws(() => expand('$x'), /Illegal group reference/);
  assert.throws(() => expand('${nope}'), /No group with name \{nope\}/);
  assert.throws(() => expand('trailing\\'), /character to be escaped is missing/);
});

test('replaceFirst replaces the first match and keeps the rest', () => {
  const p = compileJavaRegex('(a|ab)');
  assert.ok(matchesWhole(p, 'ab'));
  assert.equal(JavaReplacement.compile('X', p).replaceFirst(p, 'ab'), 'Xb', 'as Java: the first find() match is "a"');
  const q = compileJavaRegex('a(x)?');
  assert.equal(JavaReplacement.compile('[$1]', q).replaceFirst(q, 'a'), '[]', 'a group that did not take part is empty');
});
