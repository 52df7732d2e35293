import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from '@pulumi/pulumi/automation';

/**
 * What the engine tier was given by test/engine/run.sh: the CLI built from the Go module proxy, the directory
 * of the Kubernetes provider binary (put on PATH, so the engine uses it as an ambient plugin and never
 * downloads one), and the cluster tier's kubeconfig.
 */
export interface EngineEnvironment {
  readonly pulumiRoot: string;
  readonly providerDir: string;
  readonly kubeconfig: string;
}

/** Reads the environment run.sh sets; throws naming the missing variable (the tier is run through run.sh). */
export function engineEnvironment(): EngineEnvironment {
  const need = (name: string): string => {
    const value = process.env[name];
    if (value === undefined || value === '') {
      throw new Error(`${name} is not set: run the engine tier with \`bash test/engine/run.sh\``);
    }
    return value;
  };
  return {
    pulumiRoot: need('ENGINE_PULUMI_ROOT'),
    providerDir: need('ENGINE_PROVIDER_DIR'),
    kubeconfig: need('ENGINE_KUBECONFIG'),
  };
}

/** A stack on a local file backend in a temporary directory, removed by {@link EngineStack.dispose}. */
export interface EngineStack {
  readonly stack: Stack;
  readonly dispose: () => void;
}

/**
 * Creates a stack whose program is `program`, run by the Pulumi engine (the real CLI) through the Automation
 * API: the CLI connects with `--client` to the language runtime @pulumi/pulumi serves in this process, the
 * same SDK code a `pulumi up` of a Node.js project runs. (The standalone Node.js language host is not served
 * by the Go module proxy; see scripts/engine-tools.sh.)
 */
export async function engineStack(
  env: EngineEnvironment,
  name: string,
  program: PulumiFn,
): Promise<EngineStack> {
  const home = mkdtempSync(join(tmpdir(), 'hw-engine-'));
  const pulumiCommand = await PulumiCommand.get({ root: env.pulumiRoot });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: 'engine', projectName: name, program },
    {
      pulumiCommand,
      pulumiHome: join(home, 'home'),
      workDir: home,
      projectSettings: { name, runtime: 'nodejs', backend: { url: `file://${home}` } },
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: 'engine-tier',
        PULUMI_SKIP_UPDATE_CHECK: 'true',
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: 'true',
        PATH: `${env.providerDir}:${process.env.PATH ?? ''}`,
        KUBECONFIG: env.kubeconfig,
      },
    },
  );
  return {
    stack,
    dispose: () => {
      rmSync(home, { recursive: true, force: true });
    },
  };
}
