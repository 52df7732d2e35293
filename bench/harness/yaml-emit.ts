/**
 * A block-style YAML emitter for the plain JSON-shaped objects the corpus is made of. js-yaml's
 * `dump` would do, but the 100k scaling corpus is 350 MB and a hand-rolled emitter writes it several
 * times faster, which keeps `npm run bench` inside its time budget on a fresh clone.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const PLAIN = /^[A-Za-z_/.][A-Za-z0-9_./:@-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;

function scalar(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  // Quote only what a YAML 1.1 or 1.2 reader could take for something else, as people write it.
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

function isEmpty(value: Json): boolean {
  return Array.isArray(value)
    ? value.length === 0
    : typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function emit(value: Json, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'object' && item !== null && !isEmpty(item)) {
        const inner: string[] = [];
        emit(item, indent + '  ', inner);
        const first = inner[0] ?? '';
        out.push(indent + '- ' + first.slice(indent.length + 2));
        for (let i = 1; i < inner.length; i++) out.push(inner[i] ?? '');
      } else {
        out.push(indent + '- ' + inline(item));
      }
    }
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'object' && item !== null && !isEmpty(item)) {
        out.push(indent + scalar(key) + ':');
        emit(item, Array.isArray(item) ? indent : indent + '  ', out);
      } else {
        out.push(indent + scalar(key) + ': ' + inline(item));
      }
    }
    return;
  }
  out.push(indent + scalar(value));
}

function inline(value: Json): string {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object' && value !== null) return '{}';
  return scalar(value);
}

export function toYaml(value: Json): string {
  const out: string[] = [];
  emit(value, '', out);
  return out.join('\n') + '\n';
}
