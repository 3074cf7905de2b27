import { defineConfig } from 'vitest/config';

// Two projects: unit tests beside the code, and cross-process tests in test/ (see test/README.md)
// that start real servers and agents, so they run one file at a time.
const src = (p: string) => new URL(p, import.meta.url).pathname;

export default defineConfig({
  // Tests outside the packages (test/, bench/) import the workspace packages from their sources.
  resolve: {
    alias: [
      { find: /^@aura\/protocol$/, replacement: src('./packages/protocol/src/index.ts') },
      { find: /^@aura\/analysis\/(.*)$/, replacement: src('./packages/analysis/src/$1/index.ts') },
      { find: /^@aura\/analysis$/, replacement: src('./packages/analysis/src/index.ts') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'agent/src/**/*.test.ts', 'server/src/**/*.test.ts', 'dashboard/src/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
