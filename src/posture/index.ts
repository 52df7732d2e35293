export * from './capabilities';
export * from './default-posture';
export * from './justification';
export * from './exemption';
export * from './justification-record';
export * from './writable-path';
export * from './render-pod';
export * from './render-docker';
