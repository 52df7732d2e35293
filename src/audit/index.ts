export * from './finding';
export * from './evaluate';
export * from './workloads';
