// Named loggers with run-time levels (the /admin/loggers model): inheritance from the nearest
// ancestor with a level, setLevel on a namespace and everything below it, root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoggerRegistry, parseLogLevel } from '../../../runtime/worker/logger.js';

test('levels are inherited and changed per namespace', () => {
  const lines: string[] = [];
  const reg = new LoggerRegistry('INFO', (l) => lines.push(l));
  const a = reg.logger('org.a.B');
  const c = reg.logger('org.c.D');
  a.debug('hidden');
  a.info('shown');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] INFO shown \(org\.a\.B\)$/);
  assert.deepEqual(reg.setLevel('org.a', 'DEBUG'), ['org.a', 'org.a.B']);
  a.debug('now shown');
  c.debug('still hidden');
  assert.equal(lines.length, 2);
  assert.equal(reg.level('org.a.B.child'), 'DEBUG');
  assert.equal(reg.describe('org.c.D')!.level, 'INFO');
  assert.equal(reg.describe('never.used'), undefined);
  assert.deepEqual(Object.keys(reg.describeAll()), ['root', 'org.a', 'org.a.B']);
  assert.ok(reg.setLevel('root', 'ERROR').includes('org.c.D'));
  assert.equal(reg.level('org.a.B'), 'ERROR');
  assert.equal(a.isEnabled('WARN'), false);
  assert.equal(a.child('x').name, 'org.a.B.x');
});

test('parseLogLevel accepts log4j level names in any case', () => {
  assert.equal(parseLogLevel('debug'), 'DEBUG');
  assert.equal(parseLogLevel(' Trace '), 'TRACE');
  assert.equal(parseLogLevel('LOUD'), undefined);
});
