export * from './ferry-api';
