/**
 * Waiting on a group for a request whose connection may go away: JoinGroup and SyncGroup wait
 * until their group completes a step, but a closed connection or a broker shutdown (the request's
 * signal) must not hold the request open. The group step itself is not cancelled: the member stays
 * in the group as in Kafka (its session or the rebalance timeout removes it if it is gone).
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => T): Promise<T> {
  if (signal.aborted) return Promise.resolve(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => resolve(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => { signal.removeEventListener('abort', abort); resolve(v); },
      (err: unknown) => { signal.removeEventListener('abort', abort); reject(err); },
    );
  });
}

/** The client host as Kafka shows it (InetAddress.toString: "/127.0.0.1"). */
export function kafkaClientHost(remoteAddress: string): string {
  return `/${remoteAddress.replace(/^::ffff:/, '')}`;
}
