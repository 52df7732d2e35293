/**
 * The dotted field path of keys (`['services', 'api', 'volumes', 0]` -> `services.api.volumes[0]`), as
 * findings name fields. A key that holds a dot or a bracket is quoted: `services["api.v1"]`.
 */
export function keyPath(keys: readonly (string | number)[]): string {
  let path = '';
  for (const key of keys) {
    if (typeof key === 'number') path += `[${key}]`;
    else if (/^[^.[\]"]+$/.test(key)) path += path === '' ? key : `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path;
}
