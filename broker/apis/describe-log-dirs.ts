/**
 * DescribeLogDirs: the broker's one log directory (absolute path) with, per hosted partition, its
 * size on disk (the bytes of its segment files), offset lag 0 (a single node has no follower or
 * future replica) and isFutureKey false. `topics` null describes every partition; named topics or
 * partitions this broker does not have are simply left out, as Kafka does. From v4 the response
 * also carries the total and usable bytes of the volume holding the directory.
 */
import { statfsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCode } from '../protocol/error-codes.js';
import type { DescribeLogDirsRequest, DescribeLogDirsResponse } from '../protocol/messages/describe-log-dirs.js';
import type { ApiHandler } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';

type Result = DescribeLogDirsResponse['results'][number];
type Topic = Result['topics'][number];

/** Total and usable bytes of the volume holding `dir`; -1 each when it cannot be determined. */
function volumeBytes(dir: string): { totalBytes: number; usableBytes: number } {
  try {
    const s = statfsSync(dir);
    return { totalBytes: s.blocks * s.bsize, usableBytes: s.bavail * s.bsize };
  } catch {
    return { totalBytes: -1, usableBytes: -1 };
  }
}

export function describeLogDirsHandler(b: BrokerContext): ApiHandler<DescribeLogDirsRequest, DescribeLogDirsResponse> {
  const describeTopic = (name: string, partitions: readonly number[] | null): Topic | null => {
    const t = b.topics.get(name);
    if (!t) return null;
    const indexes = partitions ?? Array.from({ length: t.partitions }, (_, i) => i);
    const out: Topic['partitions'] = [];
    for (const p of new Set(indexes)) {
      const log = b.topics.partition(name, p);
      if (!log) continue;
      out.push({ partitionIndex: p, partitionSize: log.sizeInBytes, offsetLag: 0, isFutureKey: false });
    }
    return out.length > 0 ? { name, partitions: out } : null;
  };

  return {
    apiKey: 35,
    minVersion: 0,
    maxVersion: 4,
    handle(req, ctx) {
      const logDir = resolve(b.config.logDir);
      const wanted = req.topics === null
        ? b.topics.list().map((t) => ({ topic: t.name, partitions: null }))
        : req.topics;
      // A topic named twice in the request is described once.
      const seen = new Map<string, Topic>();
      for (const w of wanted) {
        const t = describeTopic(w.topic, w.partitions);
        if (!t) continue;
        const prev = seen.get(t.name);
        if (!prev) seen.set(t.name, t);
        else for (const p of t.partitions) if (!prev.partitions.some((q) => q.partitionIndex === p.partitionIndex)) prev.partitions.push(p);
      }
      const { totalBytes, usableBytes } = ctx.apiVersion >= 4 ? volumeBytes(logDir) : { totalBytes: -1, usableBytes: -1 };
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.NONE,
        results: [{ errorCode: ErrorCode.NONE, logDir, topics: [...seen.values()], totalBytes, usableBytes }],
      };
    },
    errorResponse: (_req, _ctx, errorCode) => ({ throttleTimeMs: 0, errorCode, results: [] }),
  };
}
