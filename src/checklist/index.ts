/**
 * The seed's decision checklist, answered for every workload from its rendered manifest, with the
 * justification behind every exception; rendered as Markdown for people and JSON for tools.
 */
export * from './questions';
export * from './answer-types';
export * from './answer';
export * from './user';
export * from './writable-paths';
export * from './capabilities';
export * from './privilege-escalation';
export * from './seccomp';
export * from './runtime-socket';
export * from './host-access';
export * from './debugging';
export * from './render-markdown';
export * from './render-json';
