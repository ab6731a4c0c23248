/**
 * A small metrics registry rendered in the Prometheus text exposition format (version 0.0.4), for
 * GET /metrics. Counters only go up; gauges are set or computed when scraped. Every sample is a
 * metric family (name, help, type) plus labels.
 *
 *   # HELP connect_source_record_poll_total Records polled by the source task.
 *   # TYPE connect_source_record_poll_total counter
 *   connect_source_record_poll_total{connector="src",task="0"} 42
 *
 * Contract: one family per name (registering a name again returns the same family when the type
 * matches, and throws when it does not); label values are escaped as Prometheus requires; a
 * series is removed with `remove(labels)` (a stopped task drops its series).
 */

export type Labels = Readonly<Record<string, string>>;
export type MetricType = 'counter' | 'gauge';

/** One series of a family with its value (see MetricsRegistry.snapshot). */
export interface MetricSample {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly labels: Labels;
  readonly value: number;
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function renderLabels(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(',')}}`;
}

function renderNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export class MetricFamily {
  readonly #series = new Map<string, { labels: Labels; value: number }>();
  readonly #computed = new Map<string, { labels: Labels; fn: () => number }>();

  constructor(readonly name: string, readonly help: string, readonly type: MetricType) {}

  /** Adds `by` (default 1) to the series; counters refuse negative steps. */
  inc(labels: Labels, by = 1): void {
    if (this.type === 'counter' && by < 0) throw new Error(`counter ${this.name} cannot decrease`);
    const k = labelKey(labels);
    const s = this.#series.get(k);
    if (s === undefined) this.#series.set(k, { labels, value: by });
    else s.value += by;
  }

  set(labels: Labels, value: number): void {
    this.#series.set(labelKey(labels), { labels, value });
  }

  /** A series whose value is read at scrape time. */
  compute(labels: Labels, fn: () => number): void {
    this.#computed.set(labelKey(labels), { labels, fn });
  }

  get(labels: Labels): number | undefined {
    const k = labelKey(labels);
    const c = this.#computed.get(k);
    return c !== undefined ? c.fn() : this.#series.get(k)?.value;
  }

  /** Removes every series whose labels include all of `match`. */
  remove(match: Labels): void {
    const hit = (l: Labels): boolean => Object.entries(match).every(([k, v]) => l[k] === v);
    for (const [k, s] of this.#series) if (hit(s.labels)) this.#series.delete(k);
    for (const [k, s] of this.#computed) if (hit(s.labels)) this.#computed.delete(k);
  }

  /** Every series and its value now (computed series evaluated; those that throw left out). */
  samples(): Array<{ labels: Labels; value: number }> {
    const out = [...this.#series.values()].map((s) => ({ labels: s.labels, value: s.value }));
    for (const s of this.#computed.values()) {
      try {
        out.push({ labels: s.labels, value: s.fn() });
      } catch {
        // a gauge that cannot be read now is left out
      }
    }
    return out;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${this.name} ${this.type}`];
    for (const s of this.samples()) lines.push(`${this.name}${renderLabels(s.labels)} ${renderNumber(s.value)}`);
    return lines.join('\n');
  }
}

export class MetricsRegistry {
  readonly #families = new Map<string, MetricFamily>();

  counter(name: string, help: string): MetricFamily {
    return this.#family(name, help, 'counter');
  }

  gauge(name: string, help: string): MetricFamily {
    return this.#family(name, help, 'gauge');
  }

  /** Drops every series (of every family) whose labels include `match`. */
  remove(match: Labels): void {
    for (const f of this.#families.values()) f.remove(match);
  }

  /** Every series with its current value (computed ones evaluated), to copy into another registry. */
  snapshot(): MetricSample[] {
    const out: MetricSample[] = [];
    for (const f of this.#families.values()) {
      for (const { labels, value } of f.samples()) out.push({ name: f.name, help: f.help, type: f.type, labels, value });
    }
    return out;
  }

  /** Sets the series of `samples` here (a task thread's metrics shown in the worker's /metrics). */
  apply(samples: readonly MetricSample[]): void {
    for (const s of samples) this.#family(s.name, s.help, s.type).set(s.labels, s.value);
  }

  /** The text exposition of every family, in registration order. */
  render(): string {
    return [...this.#families.values()].map((f) => f.render()).join('\n') + '\n';
  }

  #family(name: string, help: string, type: MetricType): MetricFamily {
    const existing = this.#families.get(name);
    if (existing !== undefined) {
      if (existing.type !== type) throw new Error(`metric ${name} is already registered as a ${existing.type}`);
      return existing;
    }
    const f = new MetricFamily(name, help, type);
    this.#families.set(name, f);
    return f;
  }
}

/** The Content-Type of the text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
