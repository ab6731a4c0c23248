import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CaseInsensitiveValidString,
  CompositeValidator,
  LambdaValidator,
  NonEmptyString,
  NonEmptyStringWithoutControlChars,
  NonNullValidator,
  Range,
  ValidList,
  ValidString,
} from '../../../../runtime/api/config/validators.js';
import { ConfigException } from '../../../../runtime/api/errors.js';

const refused = (message: string) => (e: unknown) => e instanceof ConfigException && e.message === message && e.errors[message.split(' for configuration ')[1]!.split(':')[0]!]?.[0] === message;

test('Range.atLeast / atMost / between', () => {
  Range.atLeast(1).ensureValid('tasks.max', 1);
  assert.throws(() => Range.atLeast(1).ensureValid('tasks.max', 0), refused('Invalid value 0 for configuration tasks.max: Value must be at least 1'));
  assert.throws(() => Range.atLeast(1).ensureValid('tasks.max', null), refused('Invalid value null for configuration tasks.max: Value must be non-null'));
  assert.throws(() => Range.between(1, 10).ensureValid('n', 11), refused('Invalid value 11 for configuration n: Value must be no more than 10'));
  assert.throws(() => Range.atMost(0.5).ensureValid('r', 0.75), refused('Invalid value 0.75 for configuration r: Value must be no more than 0.5'));
  Range.between(1, 10).ensureValid('n', 10);
  assert.equal(String(Range.atLeast(1)), '[1,...]');
  assert.equal(String(Range.atMost(5)), '[...,5]');
  assert.equal(String(Range.between(0, 5)), '[0,...,5]');
});

test('ValidString and CaseInsensitiveValidString', () => {
  ValidString.in('none', 'all').ensureValid('errors.tolerance', 'all');
  assert.throws(() => ValidString.in('none', 'all').ensureValid('errors.tolerance', 'ALL'), refused('Invalid value ALL for configuration errors.tolerance: String must be one of: none, all'));
  assert.throws(() => ValidString.in('a').ensureValid('x', null), refused('Invalid value null for configuration x: String must be one of: a'));
  assert.equal(String(ValidString.in('none', 'all')), '[none, all]');
  CaseInsensitiveValidString.in('earliest', 'latest').ensureValid('reset', 'EARLIEST');
  assert.throws(() => CaseInsensitiveValidString.in('earliest', 'latest').ensureValid('reset', 'middle'), refused('Invalid value middle for configuration reset: String must be one of (case insensitive): EARLIEST, LATEST'));
  assert.equal(String(CaseInsensitiveValidString.in('a', 'b')), '(case insensitive) [A, B]');
});

test('ValidList checks every item', () => {
  ValidList.in('a', 'b').ensureValid('l', ['a', 'b', 'a']);
  ValidList.in('a').ensureValid('l', null);
  assert.throws(() => ValidList.in('a', 'b').ensureValid('l', ['a', 'c']), refused('Invalid value c for configuration l: String must be one of: a, b'));
  assert.equal(String(ValidList.in('a', 'b')), '[a, b]');
});

test('NonEmptyString, NonEmptyStringWithoutControlChars, NonNullValidator', () => {
  new NonEmptyString().ensureValid('s', null);
  new NonEmptyString().ensureValid('s', 'x');
  assert.throws(() => new NonEmptyString().ensureValid('s', ''), refused('Invalid value  for configuration s: String must be non-empty'));
  new NonEmptyStringWithoutControlChars().ensureValid('name', null);
  assert.throws(() => new NonEmptyStringWithoutControlChars().ensureValid('name', 'a\tb\n'), refused('Invalid value a\tb\n for configuration name: String may not contain control sequences but had the following ASCII chars: 9, 10'));
  assert.throws(() => new NonNullValidator().ensureValid('x', undefined), refused('Invalid value null for configuration x: entry must be non null'));
});

test('CompositeValidator and LambdaValidator for custom rules', () => {
  const even = LambdaValidator.with(
    (name, value) => {
      if (typeof value === 'number' && value % 2 !== 0) throw ConfigException.invalid(name, value, 'Value must be even');
    },
    () => 'even numbers',
  );
  const v = CompositeValidator.of(Range.atLeast(2), even);
  v.ensureValid('n', 4);
  assert.throws(() => v.ensureValid('n', 0), refused('Invalid value 0 for configuration n: Value must be at least 2'));
  assert.throws(() => v.ensureValid('n', 3), refused('Invalid value 3 for configuration n: Value must be even'));
  assert.equal(String(v), '[2,...], even numbers');
  const wraps = LambdaValidator.with(() => {
    throw new Error('not a URL');
  }, () => 'a URL');
  assert.throws(() => wraps.ensureValid('url', 'x'), refused('Invalid value x for configuration url: not a URL'));
});
