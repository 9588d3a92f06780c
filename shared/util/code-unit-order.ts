/**
 * Orders strings by their UTF-16 code units, as `<` does. For protobuf's ASCII symbol names that is the byte
 * order grpcurl lists them in, and unlike `localeCompare` it needs no collation: the first `localeCompare` of a
 * process loads ICU's, ~9 ms of every `ferry list`.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
