import { execFile } from 'node:child_process';
import * as path from 'node:path';

interface ProgramRun {
  readonly registered: readonly { readonly type: string; readonly name: string; readonly inputs: unknown }[];
  readonly errors: readonly string[];
  readonly logs: readonly string[];
}

// A failed registration is an unhandled rejection (as under the real language host), which would fail
// jest itself: the programs run in a process of their own (run-scenarios.ts).
function runPrograms(mode: 'update' | 'preview', scenarios: readonly string[]): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'run-scenarios.ts'), mode, ...scenarios],
      { cwd: path.join(__dirname, '..', '..', '..'), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as ProgramRun);
      },
    );
  });
}

const names = (run: ProgramRun, type: string) =>
  run.registered.filter((r) => r.type === type).map((r) => r.name);
const errorsAbout = (run: ProgramRun, name: string) => run.errors.filter((e) => e.includes(`"${name}"`));

describe('during an update, an Output or a Promise is audited before the child registers', () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runPrograms('update', [
      'deployment-output-socket',
      'deployment-promise-volume',
      'deployment-output-probe-host',
      'deployment-output-fine',
      'container-output-image-fine',
      'container-output-volume-socket',
      'transformation-output-privileged',
      'transformation-promise-hostpid',
      'transformation-output-fine',
      'transformation-docker-output-mounts',
      'stack-transformation-privileged',
      'deployment-output-two-faced',
      'transformation-output-two-faced',
    ]);
  }, 180_000);

  test('an Output is read once: what registers is the value the audit judged, never a second read', () => {
    for (const name of ['two-faced', 'raw-two-faced']) {
      const registered = run.registered.find(
        (r) => r.name === name && r.type === 'kubernetes:apps/v1:Deployment',
      );
      const inputs = JSON.stringify(registered?.inputs ?? {});
      expect(inputs).not.toContain('docker.sock');
      expect(inputs).not.toContain('"privileged":true');
    }
    const twoFaced = run.registered.find(
      (r) => r.name === 'two-faced' && r.type === 'kubernetes:apps/v1:Deployment',
    );
    expect(JSON.stringify(twoFaced?.inputs)).toContain('"emptyDir":{}');
  });

  test.each([
    ['output-socket', 'no-container-runtime-socket'],
    ['promise-volume', 'no-sensitive-host-paths'],
    ['output-probe', 'host-probes-and-lifecycle'],
  ])('HardenedDeployment %s: the Deployment is never registered; the error names rule %s', (name, rule) => {
    expect(names(run, 'hardened-workloads:kubernetes:HardenedDeployment')).toContain(name);
    expect(names(run, 'kubernetes:apps/v1:Deployment')).not.toContain(name);
    expect(errorsAbout(run, name).join('\n')).toContain(`rule ${rule}`);
  });

  test('HardenedContainer: an Output volumeName that is the Docker socket fails the registration', () => {
    expect(names(run, 'docker:index/container:Container')).not.toContain('box-socket');
    expect(errorsAbout(run, 'box-socket').join('\n')).toContain('rule no-container-runtime-socket');
  });

  test('hardeningTransformation: an Output privileged or a Promise hostPID fails the registration', () => {
    expect(names(run, 'kubernetes:apps/v1:Deployment')).not.toContain('raw-output-priv');
    expect(errorsAbout(run, 'raw-output-priv').join('\n')).toContain('rule privileged at');
    expect(names(run, 'kubernetes:apps/v1:Deployment')).not.toContain('raw-promise-pid');
    expect(errorsAbout(run, 'raw-promise-pid').join('\n')).toContain('rule host-namespaces at');
  });

  test('hardeningTransformation: Output mounts binding the Docker socket fail the registration', () => {
    expect(names(run, 'docker:index/container:Container')).not.toContain('raw-box-mounts');
    expect(errorsAbout(run, 'raw-box-mounts').join('\n')).toContain('rule no-container-runtime-socket');
  });

  test('Outputs and Promises that pass the audit register with their values', () => {
    expect(names(run, 'kubernetes:apps/v1:Deployment')).toEqual(
      expect.arrayContaining(['output-fine', 'raw-output-fine']),
    );
    expect(names(run, 'docker:index/container:Container')).toContain('box-fine');
    const fine = run.registered.find(
      (r) => r.name === 'output-fine' && r.type === 'kubernetes:apps/v1:Deployment',
    );
    expect(JSON.stringify(fine?.inputs)).toContain('"medium":"Memory"');
    expect(run.errors.filter((e) => /output-fine|box-fine/.test(e))).toEqual([]);
  });

  test('a stack transformation that makes the child privileged is audited again: the child is refused', () => {
    expect(names(run, 'hardened-workloads:kubernetes:HardenedDeployment')).toContain('via-stack');
    expect(names(run, 'kubernetes:apps/v1:Deployment')).not.toContain('via-stack');
    expect(errorsAbout(run, 'via-stack').join('\n')).toContain('rule privileged at');
  });

  test('nothing says "not known during preview" during an update', () => {
    expect(run.logs.join('\n')).not.toMatch(/preview/);
  });
});

describe('at preview, a value not known yet is reported unknown (a warning), never a pass', () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runPrograms('preview', [
      'preview-unknown-socket',
      'preview-unknown-privileged',
      'deployment-output-socket',
    ]);
  }, 180_000);

  test('the component and the transformation warn, naming the field and the rule', () => {
    const logs = run.logs.join('\n');
    expect(logs).toMatch(
      /warning: .*HardenedDeployment "preview-unknown": spec\.template\.spec\.volumes\[0\]\.hostPath\.path is not known yet \(a Pulumi output not known during preview\): rule no-container-runtime-socket .*status unknown, not a pass/,
    );
    expect(logs).toMatch(
      /warning: .*Deployment "raw-preview-priv": spec\.template\.spec\.containers\[0\]\.securityContext\.privileged is not known yet .*rule privileged/,
    );
  });

  test('a value known at preview is still judged: the socket is refused at preview too', () => {
    expect(names(run, 'kubernetes:apps/v1:Deployment')).not.toContain('output-socket');
    expect(errorsAbout(run, 'output-socket').join('\n')).toContain('rule no-container-runtime-socket');
  });
});
