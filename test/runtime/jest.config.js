// Jest config of the runtime proof suite (test/runtime/*.runtime.ts), run by test/runtime/lab.sh.
// It reuses the root config's transform and module mapping; the root config's testMatch
// ('**/*.test.ts') never matches these files, so the unit run (`npx jest`) does not start containers.
const path = require('node:path');
const root = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: path.join(__dirname, '..', '..'),
  roots: ['<rootDir>/test/runtime'],
  testMatch: ['**/*.runtime.ts'],
  globalSetup: '<rootDir>/test/runtime/global-setup.ts',
  globalTeardown: '<rootDir>/test/runtime/global-teardown.ts',
  testTimeout: 180000,
  maxWorkers: 1,
};
