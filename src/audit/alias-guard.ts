/**
 * js-yaml shares one object between an anchor and its aliases, so an alias bomb ("billion laughs")
 * parses into a small graph that expands to billions of nodes for anyone who walks it. Without
 * aliases a document cannot have more nodes than characters, so a generous multiple of its length
 * bounds any honest use of anchors (Compose's `<<: *defaults`), and the walk stops at that bound.
 */

const ALIAS_TOKEN = /(?:^|[\s[{,:])\*[^\s,[\]{}]/m;

/** The most nodes a document of `length` characters may expand to. */
export function maxExpandedNodes(length: number): number {
  return 4 * length + 10_000;
}

/** Whether the text may contain an alias (a cheap test that spares walking alias-free documents). */
export function mayContainAlias(text: string): boolean {
  return text.includes('*') && ALIAS_TOKEN.test(text);
}

/** Whether walking `value` would visit more than `limit` nodes. Iterative: a deep value cannot overflow the stack. */
export function expandsBeyond(value: unknown, limit: number): boolean {
  const pending: unknown[] = [value];
  let visited = 0;
  while (pending.length > 0) {
    const node = pending.pop();
    if (++visited > limit) return true;
    if (Array.isArray(node)) {
      for (const item of node) pending.push(item);
    } else if (node !== null && typeof node === 'object') {
      for (const key in node) pending.push((node as Record<string, unknown>)[key]);
    }
  }
  return false;
}
