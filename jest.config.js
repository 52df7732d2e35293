/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^hardened-workloads$': '<rootDir>/src/index.ts',
    '^hardened-workloads/(.*)$': '<rootDir>/src/$1/index.ts',
  },
  testTimeout: 60000,
  // Pulumi keeps its runtime state on globalThis and reads it from callbacks after a test file ends:
  // Jest's default soft clean-up only prints a deprecation notice per file about it.
  testEnvironmentOptions: { globalsCleanup: 'off' },
};
