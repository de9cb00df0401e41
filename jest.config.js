/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Suites share one Redis server; each uses its own key prefix, but the outage suite starts
  // its own redis-server processes, so keep the worker count modest on a 2-core machine.
  maxWorkers: 2,
};
