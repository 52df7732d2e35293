// Jest config of the differential tier (test/oracle/**/*.oracle.ts), run by test/oracle/run.sh,
// which builds the real readers first and passes them in ORACLE_* variables. The root config's
// testMatch ('**/*.test.ts') never matches these files, so the unit run needs no Go.
const path = require('node:path');
const root = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: path.join(__dirname, '..', '..'),
  roots: ['<rootDir>/test/oracle'],
  testMatch: ['**/test/oracle/**/*.oracle.ts'],
  testTimeout: 300000,
  maxWorkers: 1,
};
