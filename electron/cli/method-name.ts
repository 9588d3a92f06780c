/** grpcurl's parseSymbol: the service and method around the last `/` (else the last `.`); empty when neither is there. */
export function splitMethod(symbol: string): [service: string, method: string] {
  let at = symbol.lastIndexOf('/');
  if (at < 0) at = symbol.lastIndexOf('.');
  return at < 0 ? ['', ''] : [symbol.slice(0, at), symbol.slice(at + 1)];
}
