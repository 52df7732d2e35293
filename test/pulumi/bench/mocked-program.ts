/**
 * Cost of the hardened components in a mocked Pulumi program: N HardenedDeployments against N raw
 * @pulumi/kubernetes Deployments with the same containers. Each variant runs in its own Node
 * process (same module loading), one run each; prints a JSON line per variant and the ratio.
 *
 *   npx tsx test/pulumi/bench/mocked-program.ts [--count 500]
 *
 * Not a timed test: numbers depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as pulumi from '@pulumi/pulumi';

type Variant = 'hardened' | 'raw';

interface Measurement {
  readonly variant: Variant;
  readonly count: number;
  /** From the first resource created until every registration has reached the mocks. */
  readonly ms: number;
  readonly rssMiB: number;
  readonly resources: number;
}

const resources = { limits: { cpu: '500m', memory: '256Mi' } };

async function measure(variant: Variant, count: number): Promise<Measurement> {
  let registered = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered++;
        return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    'bench',
    'bench',
    false,
  );
  // Loaded after the mocks, like a program.
  const k8s = await import('@pulumi/kubernetes');
  const { HardenedDeployment } = await import('hardened-workloads/pulumi/kubernetes');
  const start = performance.now();
  const done: pulumi.Output<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const name = `api-${i}`;
    const container = { name: 'api', image: `registry.example.com/team/api:1.${i}.0`, resources };
    if (variant === 'hardened') {
      const component = new HardenedDeployment(name, {
        containers: [{ ...container, writablePaths: ['/tmp'] }],
      });
      done.push(component.deployment.urn, component.findings);
    } else {
      const deployment = new k8s.apps.v1.Deployment(name, {
        spec: {
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { containers: [container] } },
        },
      });
      done.push(deployment.urn);
    }
  }
  await new Promise((resolve) => pulumi.all(done).apply(resolve));
  const ms = performance.now() - start;
  return {
    variant,
    count,
    ms: Math.round(ms),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    resources: registered,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '500' }, variant: { type: 'string' } },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`--count must be a positive integer (got ${values.count})`);
  if (values.variant === 'hardened' || values.variant === 'raw') {
    process.stdout.write(`${JSON.stringify(await measure(values.variant, count))}\n`);
    process.exit(0); // The Pulumi runtime keeps handles open once the work is done.
  }
  // The Pulumi runtime may flag promises still pending at exit with a non-zero code: read the
  // measurement line, and fail only when there is none.
  const run = (variant: Variant): Measurement => {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, __filename, '--variant', variant, '--count', String(count)],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
    if (line === undefined) throw new Error(`the ${variant} run printed no measurement:\n${child.stderr}`);
    return JSON.parse(line) as Measurement;
  };
  const raw = run('raw');
  const hardened = run('hardened');
  process.stdout.write(`${JSON.stringify(raw)}\n${JSON.stringify(hardened)}\n`);
  process.stdout.write(
    `ratio hardened/raw: ${(hardened.ms / raw.ms).toFixed(2)} (${count} workloads, one run each)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
