export * from './parse-json';
export * from './text-position';
