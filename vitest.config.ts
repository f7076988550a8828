import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    // Hooks spawned by tests must never reach a gate the developer has running on 7421, nor use their token.
    env: { PORTCULLIS_GATE: 'http://127.0.0.1:9', PORTCULLIS_TOKEN: '' },
  },
});
