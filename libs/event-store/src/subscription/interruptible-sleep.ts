/**
 * Resolves after `ms`, as soon as `signal` aborts, or when wake() is called; never rejects, so
 * callers just re-check the signal. Leaves no timer or listener behind once done.
 */
export function interruptibleSleep(ms: number, signal: AbortSignal): { done: Promise<void>; wake: () => void } {
  let wake = () => {};
  const done = new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(() => wake(), ms);
    wake = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', wake);
      resolve();
    };
    signal.addEventListener('abort', wake, { once: true });
  });
  return { done, wake: () => wake() };
}
