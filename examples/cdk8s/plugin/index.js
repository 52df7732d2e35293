'use strict';
// The cdk8s CLI loads a validation plugin with a plain require(). This entry lets the example app
// use the repository's TypeScript sources through tsx, with no build step; an application that
// installs the package points cdk8s.yaml at ./node_modules/hardened-workloads/lib/cdk8s instead.
require('tsx/cjs');
module.exports = require('../../../src/cdk8s/validation-plugin.ts');
