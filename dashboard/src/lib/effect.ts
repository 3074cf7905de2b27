/**
 * useEffect that runs its body once per change of `deps`, whatever the renderer does.
 *
 * hono/jsx/dom (4.9 through 4.13 at least) queues an effect's runner once per DOM apply and runs
 * the queue on the next animation frame: when a component renders twice before that frame (its
 * own state changed while its parent re-rendered), the same effect body runs twice and only the
 * second cleanup is kept, so the first run leaks (a second uPlot in the same box, a listener never
 * removed). Here every run first cleans up the run before it, and unmount cleans up the last.
 */
import { useEffect, useRef } from 'hono/jsx/dom';

type Cleanup = void | (() => void);

/**
 * @example useSafeEffect(() => { const u = new uPlot(opts, data, el); return () => u.destroy(); }, [labels]);
 */
export function useSafeEffect(effect: () => Cleanup, deps: readonly unknown[]): void {
  const last = useRef<{ cleanup: Cleanup } | null>(null);
  useEffect(() => {
    last.current?.cleanup?.();
    const run = { cleanup: effect() };
    last.current = run;
    return () => {
      if (last.current !== run) return; // already cleaned up by a later run
      last.current = null;
      run.cleanup?.();
    };
  }, deps as unknown[]);
}
