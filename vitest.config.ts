import { defineConfig } from 'vitest/config';

// One config for every tier; tests/harness/run.ts runs `vitest run tests/<tier>` in order with the
// hermetic services' addresses in the environment. Files run one at a time: integration and e2e tests
// share one Postgres, Redis and livekit-server, and Whisper wants both cores.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
});
