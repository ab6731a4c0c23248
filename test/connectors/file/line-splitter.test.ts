import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../../connectors/file/line-splitter.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

test('complete lines end at \\n, \\r\\n or a lone \\r; end offsets point past the terminator', () => {
  const s = new LineSplitter();
  s.push(b('a\nbb\r\nccc\rd'));
  assert.deepEqual(s.take(10), [
    { text: 'a', end: 2 },
    { text: 'bb', end: 6 },
    { text: 'ccc', end: 10 },
  ]);
  assert.equal(s.position, 10);
  assert.equal(s.pendingBytes, 1);
  assert.equal(s.readPosition, 11);
});

test('a partial last line waits for its newline', () => {
  const s = new LineSplitter();
  s.push(b('hel'));
  assert.deepEqual(s.take(10), []);
  s.push(b('lo'));
  assert.deepEqual(s.take(10), []);
  s.push(b('\n'));
  assert.deepEqual(s.take(10), [{ text: 'hello', end: 6 }]);
  assert.equal(s.pendingBytes, 0);
});

test('a \\r as the last byte read waits: it may be half of \\r\\n', () => {
  const s = new LineSplitter();
  s.push(b('x\r'));
  assert.deepEqual(s.take(10), []);
  s.push(b('\ny\r'));
  assert.deepEqual(s.take(10), [{ text: 'x', end: 3 }]);
  s.push(b('z'));
  assert.deepEqual(s.take(10), [{ text: 'y', end: 5 }]);
});

test('offsets are bytes, and a multi-byte character split across reads is decoded whole', () => {
  const s = new LineSplitter(100);
  const bytes = b('héllo 🌍\nnext\n');
  s.push(bytes.subarray(0, 3));
  s.push(bytes.subarray(3, 9));
  s.push(bytes.subarray(9));
  assert.deepEqual(s.take(10), [
    { text: 'héllo 🌍', end: 100 + b('héllo 🌍\n').length },
    { text: 'next', end: 100 + bytes.length },
  ]);
});

test('take(max) leaves the rest for later; empty lines are lines; reset drops the pending bytes', () => {
  const s = new LineSplitter();
  s.push(b('1\n\n3\n4'));
  assert.deepEqual(s.take(2), [{ text: '1', end: 2 }, { text: '', end: 3 }]);
  assert.deepEqual(s.take(2), [{ text: '3', end: 5 }]);
  s.reset(0);
  assert.equal(s.readPosition, 0);
  assert.deepEqual(s.take(2), []);
});
