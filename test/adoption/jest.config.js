// Jest config of the adoption tier (test/adoption/**/*.adoption.ts), run by test/adoption/run.sh,
// which builds the real helm and kustomize first and passes them in ADOPTION_HELM and
// ADOPTION_KUSTOMIZE. The root config's testMatch ('**/*.test.ts') never matches these files, so
// the unit run needs neither binary.
const path = require('node:path');
const root = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: path.join(__dirname, '..', '..'),
  roots: ['<rootDir>/test/adoption'],
  testMatch: ['**/test/adoption/**/*.adoption.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
};
