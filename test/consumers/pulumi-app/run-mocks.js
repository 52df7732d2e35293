'use strict';
// Runs the compiled program (bin/index.js) under Pulumi's mocks, as `pulumi up` would without an
// engine (runInPulumiStack), then passes every registered workload resource through the installed CrossGuard policies.
// Prints what it checked and exits 1 on the first surprise.
const fs = require('node:fs');
const pulumi = require('@pulumi/pulumi');

const registered = [];

function fail(message) {
  console.error(`run-mocks: ${message}`);
  process.exit(1);
}

// A component that mounts the Docker socket through a plain volume: refused in its constructor, with
// a message naming the component, the rule and field, the exemption kind to write and this file's line.
function refusedComponent() {
  const { HardenedDeployment } = require('hardened-workloads/pulumi/kubernetes');
  const line =
    fs
      .readFileSync(__filename, 'utf8')
      .split('\n')
      .findIndex((l) => l.trim().startsWith('new HardenedDeployment(')) + 1;
  try {
    new HardenedDeployment('sneaky', {
      containers: [
        {
          name: 'api',
          image: 'registry.example.com/team/api:1.4.2',
          volumeMounts: [{ volume: 'docker', mountPath: '/var/run/docker.sock' }],
        },
      ],
      volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }],
    });
  } catch (error) {
    const message = String(error && error.message);
    const expected = [
      'HardenedDeployment "sneaky"',
      'rule no-container-runtime-socket at spec.template.spec.volumes[0].hostPath.path',
      "exemptions: [{ kind: 'dockerSocket', justification: { reason: '…', approvedBy: '…' } }]",
      `Created at run-mocks.js:${line}:`,
    ];
    const missing = expected.filter((text) => !message.includes(text));
    if (missing.length > 0) fail(`the refusal lacks ${JSON.stringify(missing)}:\n${message}`);
    return message;
  }
  fail('a HardenedDeployment mounting the Docker socket was accepted');
}

async function main() {
  // Mocks first: a resource created before setMocks bypasses them.
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, props: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call(args) {
        return args.inputs;
      },
    },
    'consumer',
    'dev',
    false,
  );
  // Runs the program as the engine would and waits for every output (and so every registration).
  let refusal;
  const outputs = await pulumi.runtime.runInPulumiStack(async () => {
    const program = require('./bin/index.js');
    refusal = refusedComponent();
    return program;
  });
  if (outputs === undefined) fail('the program produced no stack outputs');
  if (outputs.apiErrors !== 0 || outputs.cacheErrors !== 0) {
    fail(`components report errors: api ${outputs.apiErrors}, cache ${outputs.cacheErrors}`);
  }

  const types = registered.map((r) => r.type);
  for (const type of ['kubernetes:apps/v1:Deployment', 'docker:index/container:Container']) {
    if (!types.includes(type)) fail(`no ${type} was registered; got ${types.join(', ')}`);
  }

  const { hardenedPolicies } = require('hardened-workloads/pulumi/policy');
  const policies = hardenedPolicies();
  if (outputs.policyNames.length !== policies.length) fail('the program saw a different policy list');
  const mandatory = new Set(policies.filter((p) => p.enforcementLevel === 'mandatory').map((p) => p.name));
  const violationsOf = (resource) => {
    const found = [];
    for (const policy of policies) {
      const validations = [policy.validateResource].flat();
      for (const validate of validations) {
        validate(
          { type: resource.type, name: resource.name, props: resource.props, urn: `urn:${resource.name}` },
          (m) => found.push(`${policy.name}: ${m}`),
        );
      }
    }
    return found;
  };
  const audited = registered.filter(
    (r) => r.type.startsWith('kubernetes:apps/') || r.type.startsWith('docker:'),
  );
  for (const resource of audited) {
    // Advisory (warning-level) policies report without failing a `pulumi up`: only mandatory ones count.
    const violations = violationsOf(resource).filter((v) => mandatory.has(v.slice(0, v.indexOf(':'))));
    if (violations.length > 0) fail(`${resource.type} ${resource.name}: ${violations.join('; ')}`);
  }
  // The negative control: the same Deployment made privileged must be refused by the policies.
  const deployment = registered.find((r) => r.type === 'kubernetes:apps/v1:Deployment');
  const privileged = JSON.parse(JSON.stringify(deployment.props));
  privileged.spec.template.spec.containers[0].securityContext.privileged = true;
  const refused = violationsOf({ ...deployment, props: privileged });
  if (!refused.some((v) => v.includes('privileged')))
    fail(`a privileged Deployment passed the policies: ${refused}`);

  console.log(
    `run-mocks: ${registered.length} resources registered, ${audited.length} audited by ${policies.length} policies, ` +
      `0 mandatory violations; the privileged control got ${refused.length}`,
  );
  console.log(`run-mocks: the refused component said:\n${refusal}`);
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));
