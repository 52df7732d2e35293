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
};
