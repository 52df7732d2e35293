import { InterpolationError, interpolate } from 'hardened-workloads/audit/compose';

const variables = new Map([
  ['SET', 'value'],
  ['EMPTY', ''],
]);

describe('interpolate: the forms compose-go substitutes', () => {
  test.each([
    ['plain', 'plain', []],
    ['$SET', 'value', []],
    ['${SET}', 'value', []],
    ['a-${SET}-b', 'a-value-b', []],
    ['$$SET', '$SET', []],
    ['$${SET}', '${SET}', []],
    ['${UNSET}', '', ['UNSET']],
    ['$UNSET/x', '/x', ['UNSET']],
    ['${UNSET:-fallback}', 'fallback', ['UNSET']],
    ['${UNSET-fallback}', 'fallback', ['UNSET']],
    ['${EMPTY:-fallback}', 'fallback', []],
    ['${EMPTY-fallback}', '', []],
    ['${SET:-fallback}', 'value', []],
    ['${SET:+replaced}', 'replaced', []],
    ['${EMPTY:+replaced}', '', []],
    ['${EMPTY+replaced}', 'replaced', []],
    ['${UNSET+replaced}', '', ['UNSET']],
    ['${SET:?needed}', 'value', []],
    ['${EMPTY?needed}', '', []],
    ['${UNSET:-a:b}}', 'a:b}', ['UNSET']],
  ])('%s -> %p (unset %p)', (text, value, unset) => {
    expect(interpolate(text, variables)).toEqual({ value, unset });
  });
});

describe('interpolate: what Compose refuses, and what its two versions read differently', () => {
  test.each([
    ['${SET', 'syntax'],
    ['${}', 'syntax'],
    ['${1X}', 'syntax'],
    ['${SET SET}', 'syntax'],
    ['$-x', 'syntax'],
    ['cost: 5$', 'syntax'],
    ['${UNSET:?set UNSET first}', 'required'],
    ['${EMPTY:?}', 'required'],
    ['${UNSET?}', 'required'],
    // v1 keeps a default literally ("${OTHER"), v2 substitutes it: refused, never read one way.
    ['${UNSET:-${OTHER}}', 'ambiguous'],
    ['${UNSET:-$OTHER}', 'ambiguous'],
  ])('%s is refused (%s)', (text, reason) => {
    const reasonOf = (): string | undefined => {
      try {
        interpolate(text, variables);
        return undefined;
      } catch (error) {
        return error instanceof InterpolationError ? error.reason : 'not an InterpolationError';
      }
    };
    expect(reasonOf()).toBe(reason);
  });

  test('an unset required variable names the message Compose prints', () => {
    expect(() => interpolate('${TOKEN:?the deploy must set TOKEN}', variables)).toThrow(
      'required variable TOKEN is not set: the deploy must set TOKEN',
    );
  });
});
