import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimpleDateFormat } from '../../../runtime/transforms/simple-date-format.js';

// 2024-01-07 is a Sunday; 2024-12-31 a Tuesday in the week of 2025-01-01.
const d = new Date(Date.UTC(2024, 0, 7, 15, 4, 5, 9));

const formats: Array<[string, Date, string]> = [
  ['yyyyMMdd', d, '20240107'],
  ['yyyy-MM-dd HH:mm:ss.SSS', d, '2024-01-07 15:04:05.009'],
  ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", d, '2024-01-07T15:04:05.009Z'],
  ['yy/M/d H:m:s S', d, '24/1/7 15:4:5 9'],
  ['MMM MMMM EEE EEEE', d, 'Jan January Sun Sunday'],
  ['h:mm a, K k', d, '3:04 PM, 3 15'],
  ["'at' hh 'o''clock' ''", new Date(Date.UTC(2024, 0, 1, 0, 0)), "at 12 o'clock '"],
  ['D w W F u', d, '7 2 2 1 7'],
  ['YYYY-ww', new Date(Date.UTC(2024, 11, 31)), '2025-01'],
  ['G yyyy z Z X', d, 'AD 2024 UTC +0000 Z'],
  ['yyyy-MM-dd', new Date(Date.UTC(1969, 11, 31, 23)), '1969-12-31'],
];
for (const [pattern, date, expected] of formats) {
  test(`format ${pattern} -> ${expected}`, () => assert.equal(new SimpleDateFormat(pattern).format(date), expected));
}

const parses: Array<[string, string, number]> = [
  ['yyyyMMdd', '20240107', Date.UTC(2024, 0, 7)],
  ['yyyy-MM-dd HH:mm:ss.SSS', '2024-01-07 15:04:05.009', d.getTime()],
  ["yyyy-MM-dd'T'HH:mm:ss.SSSX", '2024-01-07T15:04:05.009+01:00', d.getTime() - 3_600_000],
  ['yyyy-MM-dd HH:mm Z', '2024-01-07 15:04 -0130', Date.UTC(2024, 0, 7, 16, 34)],
  ['dd MMM yyyy hh:mm a', '07 jan 2024 03:04 pm', Date.UTC(2024, 0, 7, 15, 4)],
  ['EEE, d MMMM yyyy', 'Sun, 7 January 2024', Date.UTC(2024, 0, 7)],
  ['yyyy-MM-dd', '2024-02-30', Date.UTC(2024, 2, 1)],
  ['yyyy-MM-dd', '2024-01-07 and more', Date.UTC(2024, 0, 7)],
  ['HH:mm', '10:30', Date.UTC(1970, 0, 1, 10, 30)],
];
for (const [pattern, text, expected] of parses) {
  test(`parse ${pattern}: ${text}`, () => assert.equal(new SimpleDateFormat(pattern).parse(text).getTime(), expected));
}

test('two-digit years fall within 80 years before and 20 after now', () => {
  const y = new Date().getUTCFullYear();
  assert.equal(new SimpleDateFormat('yy').parse(String((y + 1) % 100).padStart(2, '0')).getUTCFullYear(), y + 1);
  assert.equal(new SimpleDateFormat('yy').parse(String((y + 30) % 100).padStart(2, '0')).getUTCFullYear(), y + 30 - 100);
});

test('invalid patterns and unparseable text', () => {
  assert.throws(() => new SimpleDateFormat('yyyy-qq'), /Illegal pattern character 'q'/);
  assert.throws(() => new SimpleDateFormat("yyyy 'open"), /Unterminated quote/);
  assert.throws(() => new SimpleDateFormat('yyyy-MM-dd').parse('2024/01/07'), /Unparseable date: "2024\/01\/07"/);
  assert.throws(() => new SimpleDateFormat('yyyyMMdd').parse('2024'), /Unparseable date/);
});
