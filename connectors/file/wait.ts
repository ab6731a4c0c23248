/**
 * Waits `ms` milliseconds, or less when `signal` aborts (a task's stop()). Never rejects, so a
 * poll() sleeping here returns promptly and normally once the task is stopped.
 */
export function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
