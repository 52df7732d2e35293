/**
 * Runs Pulumi programs under recording mocks in a process of their own and prints what reached the
 * engine. A registration that fails (an input Output rejected by the audit gate) surfaces as an
 * unhandled rejection, as it does under the real language host, which fails the update: inside jest
 * that would fail the test runner itself, so the registration tests spawn this file.
 *
 * Usage: node --import tsx run-scenarios.ts <update|preview> <scenario>...
 * Prints one JSON object: { registered: [{type, name, inputs}], errors: [...], logs: [...] }.
 */
import * as pulumi from '@pulumi/pulumi';
import { SCENARIOS } from './scenarios';

interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly inputs: unknown;
}

const registered: Recorded[] = [];
const errors: string[] = [];
const logs: string[] = [];
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
process.on('unhandledRejection', (reason) => errors.push(message(reason)));
for (const level of ['warn', 'error', 'log', 'info'] as const) {
  console[level] = (...parts: unknown[]) => {
    logs.push(parts.map(String).join(' '));
  };
}

async function main(): Promise<void> {
  const [mode, ...names] = process.argv.slice(2);
  const preview = mode === 'preview';
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: preview ? undefined : `${args.name}-id`, state: args.inputs as Record<string, unknown> };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    'project',
    'stack',
    preview,
  );
  for (const name of names) {
    const scenario = SCENARIOS[name];
    if (scenario === undefined) throw new Error(`no scenario ${name}`);
    try {
      scenario();
    } catch (error) {
      errors.push(`thrown: ${message(error)}`);
    }
  }
}

// The event loop is empty once every registration started has reached the mocks or failed.
let printed = false;
process.on('beforeExit', () => {
  if (printed) return;
  printed = true;
  process.stdout.write(JSON.stringify({ registered, errors, logs }));
});
void main().catch((error: unknown) => errors.push(`harness: ${message(error)}`));
