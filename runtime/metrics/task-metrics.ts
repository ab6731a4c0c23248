/**
 * The worker's metrics, named after Kafka Connect's JMX metrics (dashes become underscores,
 * prefixed `kafka_connect_`), labelled by connector and task:
 *
 *   source tasks   kafka_connect_source_record_poll_total, _source_record_write_total,
 *                  _source_record_active_count (sent, not yet acknowledged)
 *   sink tasks     kafka_connect_sink_record_read_total, _sink_record_send_total (handed to put()),
 *                  _sink_consumer_lag{topic,partition} (high watermark - position)
 *   both           _batch_size_last, _batch_size_max, _batch_size_avg (records per poll()/put()),
 *                  _offset_commit_success_total, _offset_commit_failure_total,
 *                  _total_record_errors, _total_record_failures, _total_records_skipped,
 *                  _total_retries, _total_errors_logged, _deadletterqueue_produce_requests,
 *                  _deadletterqueue_produce_failures, _task_restarts_total (automatic restarts)
 *   worker         _worker_connector_count, _worker_task_count
 *
 * One TaskMetrics per task run; `close()` removes its series (a deleted connector disappears
 * from /metrics; counters of a restarted task start again from zero, as in Connect).
 */
import type { Labels, MetricsRegistry } from './registry.js';

const P = 'kafka_connect_';

export class TaskMetrics {
  readonly labels: Labels;
  #batches = 0;
  #batchRecords = 0;

  constructor(private readonly registry: MetricsRegistry, connector: string, task: number) {
    this.labels = { connector, task: String(task) };
  }

  #count(name: string, help: string, by = 1, extra?: Labels): void {
    this.registry.counter(P + name, help).inc(extra === undefined ? this.labels : { ...this.labels, ...extra }, by);
  }

  sourceRecordsPolled(n: number): void {
    this.#count('source_record_poll_total', 'Records polled by the source task (before transforms).', n);
    this.#batch(n);
  }

  sourceRecordsWritten(n: number): void {
    this.#count('source_record_write_total', 'Records the source task wrote to Kafka (acknowledged, after transforms).', n);
  }

  sourceActiveRecords(fn: () => number): void {
    this.registry.gauge(`${P}source_record_active_count`, 'Records sent to Kafka and not yet acknowledged.').compute(this.labels, fn);
  }

  sinkRecordsRead(n: number): void {
    this.#count('sink_record_read_total', 'Records the sink task read from Kafka (before conversion and transforms).', n);
  }

  sinkRecordsSent(n: number): void {
    this.#count('sink_record_send_total', 'Records handed to the sink task\'s put() (after transforms).', n);
    this.#batch(n);
  }

  sinkLag(topic: string, partition: number, lag: number): void {
    this.registry.gauge(`${P}sink_consumer_lag`, 'Records between the sink task\'s position and the partition\'s high watermark.')
      .set({ ...this.labels, topic, partition: String(partition) }, lag);
  }

  removeSinkLag(topic: string, partition: number): void {
    this.registry.gauge(`${P}sink_consumer_lag`, 'Records between the sink task\'s position and the partition\'s high watermark.')
      .remove({ ...this.labels, topic, partition: String(partition) });
  }

  offsetCommit(ok: boolean): void {
    if (ok) this.#count('offset_commit_success_total', 'Offset commits that succeeded.');
    else this.#count('offset_commit_failure_total', 'Offset commits that failed.');
  }

  recordError(): void {
    this.#count('total_record_errors', 'Errors seen while processing records (each attempt counts).');
  }

  recordFailure(): void {
    this.#count('total_record_failures', 'Record processing operations that failed after their retries.');
  }

  recordSkipped(): void {
    this.#count('total_records_skipped', 'Records skipped because of errors (errors.tolerance=all).');
  }

  retry(): void {
    this.#count('total_retries', 'Retries of failed operations.');
  }

  errorLogged(): void {
    this.#count('total_errors_logged', 'Errors written to the log (errors.log.enable).');
  }

  deadLetter(ok: boolean): void {
    this.#count('deadletterqueue_produce_requests', 'Records sent to the dead letter queue topic.');
    if (!ok) this.#count('deadletterqueue_produce_failures', 'Records that could not be written to the dead letter queue topic.');
  }

  restarted(): void {
    this.#count('task_restarts_total', 'Automatic restarts of the task (errors.restart.policy=on-failure).');
  }

  #batch(n: number): void {
    this.#batches += 1;
    this.#batchRecords += n;
    const max = this.registry.gauge(`${P}batch_size_max`, 'Largest batch the task handled (records per poll or put).');
    max.set(this.labels, Math.max(max.get(this.labels) ?? 0, n));
    this.registry.gauge(`${P}batch_size_last`, 'Size of the last batch the task handled.').set(this.labels, n);
    this.registry.gauge(`${P}batch_size_avg`, 'Average batch size (records per poll or put).').set(this.labels, this.#batchRecords / this.#batches);
  }

  /** Removes this task's series, except the restart counter (kept across runs). */
  close(): void {
    const restarts = this.registry.counter(`${P}task_restarts_total`, 'Automatic restarts of the task (errors.restart.policy=on-failure).').get(this.labels);
    this.registry.remove(this.labels);
    if (restarts !== undefined) this.registry.counter(`${P}task_restarts_total`, 'Automatic restarts of the task (errors.restart.policy=on-failure).').set(this.labels, restarts);
  }
}

/** Worker-wide gauges, computed at scrape time. */
export function workerGauges(registry: MetricsRegistry, connectors: () => number, tasks: () => number): void {
  registry.gauge(`${P}worker_connector_count`, 'Connectors running on this worker.').compute({}, connectors);
  registry.gauge(`${P}worker_task_count`, 'Tasks running on this worker.').compute({}, tasks);
}
