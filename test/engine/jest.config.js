// Jest config of the engine tier (test/engine/**/*.engine.ts), run by test/engine/run.sh, which builds the
// Pulumi CLI and the Kubernetes provider (npm run engine:tools), brings up the cluster tier's API server and
// passes both in ENGINE_* variables. The root config's testMatch never matches these files.
const path = require('node:path');
const root = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: path.join(__dirname, '..', '..'),
  roots: ['<rootDir>/test/engine'],
  testMatch: ['**/test/engine/**/*.engine.ts'],
  testTimeout: 600000,
  maxWorkers: 1,
};
