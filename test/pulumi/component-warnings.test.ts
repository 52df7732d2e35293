import { isComponentWarning } from './component-warnings';

describe('the component warnings a test may keep instead of printing', () => {
  test('a warning-severity finding of a component', () => {
    expect(
      isComponentWarning(
        'warning: [runtime] HardenedContainer "api": rule pids-limit at services.api.pids_limit: service "api" must set pids_limit to a positive number',
      ),
    ).toBe(true);
  });

  test.each([
    ['an error-severity rule', 'warning: [runtime] HardenedContainer "api": rule privileged at x: must not'],
    ['an unknown rule', 'warning: [runtime] HardenedContainer "api": rule no-such-rule at x: text'],
    ['anything else', 'DeprecationWarning: something changed'],
    ['a message without a rule', 'warning: [runtime] HardenedContainer "api": something odd'],
  ])('never %s', (_, text) => {
    expect(isComponentWarning(text)).toBe(false);
  });
});
