export * from './ferry-error';
export * from './result';
export { ioReason } from './io-reason';
