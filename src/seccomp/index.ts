export * from './profile-types';
export * from './docker-default-profile';
export * from './flatten';
export * from './syscall-risk';
export * from './generate-profile';
export * from './operator-resource';
export * from './render-review';
export * from './profile-exemption';
