/**
 * Where a worker's entry file is: beside the calling module in the built server (dist/NAME.js),
 * or its TypeScript source when running from sources (tests, benchmarks), loaded through tsx's
 * loader registered inside the worker (Node 20 does not carry `--import` loaders into workers).
 */
import type { WorkerOptions } from 'node:worker_threads';

/**
 * @example
 * const { script, options } = workerEntry('analysis.worker', import.meta.url);
 * new Worker(script, { ...options, workerData });
 */
export function workerEntry(name: string, callerUrl: string): { script: URL | string; options: WorkerOptions } {
  if (!callerUrl.endsWith('.ts')) return { script: new URL(`./${name}.js`, callerUrl), options: {} };
  const source = new URL(`./${name}.ts`, callerUrl).href;
  return { script: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`, options: { eval: true } };
}
