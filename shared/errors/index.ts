export * from './ferry-error';
export * from './result';
