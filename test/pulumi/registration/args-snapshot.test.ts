import * as pulumi from '@pulumi/pulumi';
import { snapshotArgs } from '../../../src/pulumi/internal/args-snapshot';

describe('the copy a component takes of its arguments', () => {
  test('each getter is read once, and the copy keeps that answer', () => {
    let reads = 0;
    const args = {
      get image() {
        reads += 1;
        return reads === 1 ? 'audited:1' : 'swapped:2';
      },
    };
    const copy = snapshotArgs(args, 'web');
    expect(copy.image).toBe('audited:1');
    expect(copy.image).toBe('audited:1');
    expect(reads).toBe(1);
  });

  test('every object and list is a frozen copy; Outputs are kept by reference', () => {
    const output = pulumi.output('x');
    const args = { spec: { containers: [{ name: 'a', args: ['--x'] }], image: output } };
    const copy = snapshotArgs(args, 'web');
    expect(copy).toEqual(args);
    expect(copy.spec).not.toBe(args.spec);
    expect(copy.spec.image).toBe(output);
    for (const node of [
      copy,
      copy.spec,
      copy.spec.containers,
      copy.spec.containers[0],
      copy.spec.containers[0]?.args,
    ]) {
      expect(Object.isFrozen(node)).toBe(true);
    }
    args.spec.containers[0]!.name = 'changed';
    expect(copy.spec.containers[0]?.name).toBe('a');
  });

  test('a "__proto__" key stays data: it never becomes the prototype', () => {
    const args = JSON.parse('{"__proto__": {"privileged": true}, "name": "a"}') as Record<string, unknown>;
    const copy = snapshotArgs(args, 'web');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'name']);
    expect((copy as { privileged?: unknown }).privileged).toBeUndefined();
  });

  test('a cycle is refused, naming where it is', () => {
    const container: Record<string, unknown> = { name: 'a' };
    container.self = { back: container };
    expect(() => snapshotArgs({ spec: { containers: [container] } }, 'web')).toThrow(
      new RangeError('web.spec.containers[0].self.back refers to itself: pass plain data'),
    );
  });
});
