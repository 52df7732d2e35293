/**
 * Installs a method that user code can still wrap but never bypass. The method becomes an accessor:
 * reading it gives the guarded function; assigning a function to it (the usual wrapper,
 * `const render = o.toJson; o.toJson = () => change(render())`) adds that function as a layer
 * *inside* the guard. A call from outside runs `guard` around the top layer; a layer calling the
 * method it captured (which is the guarded function) is handed the layer below it, down to `base`.
 * So a wrapper keeps working, and what it returns is what the guard sees and hands on.
 * @param guard runs once per outside call, given the function that renders through the layers.
 */
export function guardMethod<R>(
  owner: object,
  name: string,
  base: () => R,
  guard: (renderLayers: () => R) => R,
  where: string,
): void {
  const layers: (() => R)[] = [base];
  let depth = 0;
  const renderLayers = (): R => {
    depth = 1;
    try {
      return (layers[layers.length - 1] as () => R).call(owner);
    } finally {
      depth = 0;
    }
  };
  const guarded = (): R => {
    if (depth === 0) return guard(renderLayers);
    // Called back from inside a layer: the layer below it renders.
    const layer = layers[layers.length - 1 - depth] ?? base;
    depth += 1;
    try {
      return layer.call(owner);
    } finally {
      depth -= 1;
    }
  };
  Object.defineProperty(owner, name, {
    configurable: false,
    enumerable: false,
    get: () => guarded,
    set: (replacement: unknown) => {
      if (typeof replacement !== 'function') throw new TypeError(`${where}: ${name} must be a function`);
      layers.push(replacement as () => R);
    },
  });
}
