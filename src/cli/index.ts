export * from './run';
export * from './io';
export { UsageError } from './usage-error';
