import { findRule } from 'hardened-workloads/rules';

/** `pulumi.log.warn` of a component under mocks: `warning: [runtime] HardenedContainer "api": rule <id> at <path>: <message>`. */
const COMPONENT_WARNING = /^warning: \[runtime\] [A-Za-z]+ "[^"]+": rule ([a-z0-9-]+) at \S+: \S/;

/**
 * Whether console output is a component's warning about a finding of a warning-severity rule: the
 * only warning a test may expect (an error-severity finding fails the component instead).
 */
export function isComponentWarning(text: string): boolean {
  const rule = COMPONENT_WARNING.exec(text)?.[1];
  return rule !== undefined && findRule(rule)?.severity === 'warning';
}

/**
 * Keeps the components' warnings in `into` for the test to assert, instead of printing each as a
 * console block with a stack trace; any other console.warn output is still printed.
 */
export function captureComponentWarnings(into: string[]): void {
  const print = console.warn.bind(console);
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (isComponentWarning(text)) into.push(text);
    else print(...args);
  });
}
