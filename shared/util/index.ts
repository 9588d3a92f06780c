export * from './grpc-status';
export { jsonStringRanges } from './json-string-ranges';
export { isSecretKey } from './secret-metadata';
export { byCodeUnits } from './code-unit-order';
export { lastAtOrBefore } from './sorted-search';
export { editDistance } from './edit-distance';
export { variableTextOf, variableValueOf } from './variable-text';
export { shellQuote } from './shell-quote';
export { positiveNumberUpTo, wholeNumberIn } from './number-text';
