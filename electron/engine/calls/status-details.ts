import type protobuf from 'protobufjs';
import type { RichErrorDetail } from '../../../shared/model';
import type { TypeLookup } from '../schema/method-descriptor';
import { trace } from '../diagnostics/trace';

export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/** Bytes → ProtoJSON for one detail type; the call layer passes its codec's decode. */
export type DetailDecoder = (type: protobuf.Type, bytes: Uint8Array) => unknown;

/**
 * Decodes a `google.rpc.Status` and each of its `Any` details: ProtoJSON when the lookup knows the type,
 * base64 `raw` otherwise. A malformed Status yields no details rather than failing the call: the code and
 * message from the HTTP/2 trailers still stand, as connect-es does in `findDetails`.
 */
export function decodeStatusDetails(bytes: Uint8Array, types: TypeLookup, decode: DetailDecoder): RichErrorDetail[] {
  const statusType = types.findType('google.rpc.Status');
  if (!statusType) return [];
  let anys: unknown[];
  try {
    // Field names depend on keepCase, so read by field number: Status.details = 3, Any.type_url = 1, Any.value = 2.
    const status = statusType.decode(bytes) as unknown as Record<string, unknown>;
    anys = (status[fieldName(statusType, 3)] as unknown[] | undefined) ?? [];
  } catch (reason) {
    trace('call', `unreadable ${STATUS_DETAILS_KEY}: ${(reason as Error).message}`);
    return [];
  }
  const anyType = statusType.fieldsById[3]?.resolvedType as protobuf.Type | null | undefined;
  return anys.map((any) => decodeAny(any as Record<string, unknown>, anyType, types, decode));
}

function fieldName(type: protobuf.Type, id: number): string {
  return type.fieldsById[id]?.name ?? '';
}

function decodeAny(any: Record<string, unknown>, anyType: protobuf.Type | null | undefined, types: TypeLookup, decode: DetailDecoder): RichErrorDetail {
  const typeUrl = String((anyType ? any[fieldName(anyType, 1)] : any.type_url ?? any.typeUrl) ?? '');
  const value = ((anyType ? any[fieldName(anyType, 2)] : any.value) as Uint8Array | undefined) ?? new Uint8Array();
  const typeName = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
  const raw = () => Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  const type = typeName ? types.findType(typeName) : undefined;
  if (!type) return { typeUrl, type: typeName, raw: raw() };
  try {
    return { typeUrl, type: typeName, value: decode(type, value) };
  } catch (reason) {
    trace('call', `cannot decode detail ${typeName}: ${(reason as Error).message}`);
    return { typeUrl, type: typeName, raw: raw() };
  }
}
