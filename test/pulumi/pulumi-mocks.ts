/**
 * Pulumi mocks for the component tests: every registered resource is recorded with the inputs the
 * engine would receive. Set them before constructing any resource (a resource created earlier
 * bypasses the mock); nothing here throws inside a mock, which would kill the jest worker.
 */
import * as pulumi from '@pulumi/pulumi';
import { captureComponentWarnings } from './component-warnings';

/** A resource registered under the mocks. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  // Mock inputs are untyped provider JSON.
  readonly inputs: Record<string, unknown>;
}

/** What the mocks recorded. */
export interface MockRecorder {
  readonly resources: RecordedResource[];
  /** The recorded resources of one type token. */
  ofType(type: string): RecordedResource[];
  /** The one resource of a type and name; fails the test when missing. */
  get(type: string, name: string): RecordedResource;
  /** The components' warnings (warning-severity findings), kept here instead of printed. */
  readonly warnings: string[];
}

/** Resource types whose mocked state leaves out these output fields (unknown during a preview). */
export type UnknownOutputs = Readonly<Record<string, readonly string[]>>;

/** Installs recording mocks. `preview` runs as `pulumi preview` does (dry run). */
export async function installMocks(
  options: { preview?: boolean; unknownOutputs?: UnknownOutputs } = {},
): Promise<MockRecorder> {
  const resources: RecordedResource[] = [];
  const warnings: string[] = [];
  captureComponentWarnings(warnings);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        const omitted = new Set(options.unknownOutputs?.[args.type] ?? []);
        const state = Object.fromEntries(
          Object.entries(args.inputs as Record<string, unknown>).filter(([key]) => !omitted.has(key)),
        );
        return { id: options.preview ? undefined : `${args.name}-id`, state };
      },
      call(args) {
        return args.inputs as Record<string, unknown>;
      },
    },
    'project',
    'stack',
    options.preview ?? false,
  );
  return {
    resources,
    warnings,
    ofType: (type) => resources.filter((r) => r.type === type),
    get(type, name) {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (!found) {
        throw new Error(
          `no ${type} "${name}" was registered; got ${resources.map((r) => `${r.type}/${r.name}`).join(', ')}`,
        );
      }
      return found;
    },
  };
}

/** The value of an Output (undefined when it is unknown during a preview). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

/** Waits until the registrations started so far have reached the mocks. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
