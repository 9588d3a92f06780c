export * from './ferry-api';
export * from './renderer-csp';
export * from './desktop-api';
