export * from './palette';
export * from './wrap';
export * from './table-rows';
export * from './summary';
export * from './table';
export * from './json';
export * from './sarif';
export * from './docs-link';
