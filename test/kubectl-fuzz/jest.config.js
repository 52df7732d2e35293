// Jest config of the kubectl reading tier (test/kubectl-fuzz/*.fuzz.ts and *.oracle.ts), run by
// test/kubectl-fuzz/run.sh, which builds the native decoder and kubectl first and passes them in
// environment variables. The root config's testMatch ('**/*.test.ts') never matches these files.
const path = require('node:path');
const root = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: path.join(__dirname, '..', '..'),
  roots: ['<rootDir>/test/kubectl-fuzz'],
  testMatch: ['**/test/kubectl-fuzz/**/*.fuzz.ts', '**/test/kubectl-fuzz/**/*.oracle.ts'],
  testTimeout: 1_800_000,
  maxWorkers: 1,
};
