// The project's CrossGuard pack exactly as a user's pack index constructs it, from the built lib/ (the engine
// tier builds lib/ first). Run by the engine as an analyzer plugin (see test/engine/run.sh).
'use strict';
const { createHardenedPolicyPack } = require('../../../lib/pulumi/policy');

createHardenedPolicyPack();
