// The Prometheus text exposition of runtime/metrics: families, label escaping, computed gauges,
// removal of a task's series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from '../../../runtime/metrics/registry.js';
import { TaskMetrics } from '../../../runtime/metrics/task-metrics.js';

test('counters, gauges and the text format', () => {
  const r = new MetricsRegistry();
  r.counter('x_total', 'Things.').inc({ a: 'q"u\\o\nte' }, 2);
  r.counter('x_total', 'Things.').inc({ a: 'q"u\\o\nte' });
  r.gauge('g', 'A gauge.').compute({}, () => 7);
  assert.equal(r.render(), '# HELP x_total Things.\n# TYPE x_total counter\nx_total{a="q\\"u\\\\o\\nte"} 3\n# HELP g A gauge.\n# TYPE g gauge\ng 7\n');
  assert.throws(() => r.gauge('x_total', 'Again.'), /already registered as a counter/);
  assert.throws(() => r.counter('x_total', 'T').inc({}, -1), /cannot decrease/);
});

test('task metrics: batch sizes, removal on close (restart counts kept)', () => {
  const r = new MetricsRegistry();
  const m = new TaskMetrics(r, 'c', 1);
  m.sourceRecordsPolled(4);
  m.sourceRecordsPolled(2);
  m.restarted();
  const text = r.render();
  assert.match(text, /^kafka_connect_batch_size_avg\{connector="c",task="1"\} 3$/m);
  assert.match(text, /^kafka_connect_batch_size_max\{connector="c",task="1"\} 4$/m);
  assert.match(text, /^kafka_connect_batch_size_last\{connector="c",task="1"\} 2$/m);
  assert.match(text, /^kafka_connect_source_record_poll_total\{connector="c",task="1"\} 6$/m);
  m.close();
  const after = r.render();
  assert.ok(!after.includes('source_record_poll_total{'), after);
  assert.match(after, /^kafka_connect_task_restarts_total\{connector="c",task="1"\} 1$/m);
});
