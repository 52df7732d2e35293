export * from './finding';
export * from './evaluate';
