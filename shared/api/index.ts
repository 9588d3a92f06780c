export * from './ferry-api';
export * from './renderer-csp';
