// Jest config of the cluster tier (test/cluster/**/*.cluster.ts), run by test/cluster/run.sh, which builds
// and starts a real etcd and kube-apiserver first (npm run cluster:up). The root config's testMatch
// ('**/*.test.ts') never matches these files, so the unit run needs no Go and no cluster.
const path = require('node:path');
const root = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: path.join(__dirname, '..', '..'),
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/test/cluster/**/*.cluster.ts'],
  testTimeout: 600000,
  maxWorkers: 1,
};
