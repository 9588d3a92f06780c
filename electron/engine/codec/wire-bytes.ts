import { fail } from '../../../shared/errors';
import { WireType } from './message-tree';

/** Bytes that cannot be read as protobuf wire format (SCHEMA_ERROR); the decoder adds the type to the message. */
export function wireFormatError(message: string): never {
  return fail('SCHEMA_ERROR', message);
}

/** Reads the protobuf wire format. 64-bit values come back as exact `bigint`s. */
export class WireReader {
  pos = 0;

  constructor(private readonly buf: Uint8Array, private readonly end = buf.length) {}

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  private byte(): number {
    if (this.pos >= this.end) wireFormatError('unexpected end of data');
    return this.buf[this.pos++]!;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    wireFormatError('varint longer than 10 bytes');
  }

  /** The low 32 bits of a varint, as an unsigned number: enough for int32, uint32, enums and bools. */
  varint32(): number {
    let result = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      if (i < 5) result |= (b & 0x7f) << (7 * i);
      if (b < 0x80) return result >>> 0;
    }
    wireFormatError('varint longer than 10 bytes');
  }

  fixed32(): number {
    const view = this.view(4);
    return view.getUint32(0, true);
  }

  fixed64(): bigint {
    return this.view(8).getBigUint64(0, true);
  }

  float(): number {
    return this.view(4).getFloat32(0, true);
  }

  double(): number {
    return this.view(8).getFloat64(0, true);
  }

  bytes(): Uint8Array {
    const length = Number(this.varint());
    if (length > this.end - this.pos) wireFormatError('length-delimited field runs past the end of data');
    const out = this.buf.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  tag(): { number: number; wireType: WireType } {
    const tag = this.varint32();
    const number = tag >>> 3;
    const wireType = (tag & 7) as WireType;
    if (number === 0) wireFormatError('field number 0');
    if (wireType > 5) wireFormatError(`invalid wire type ${wireType}`);
    return { number, wireType };
  }

  private view(size: number): DataView {
    if (this.end - this.pos < size) wireFormatError('unexpected end of data');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, size);
    this.pos += size;
    return view;
  }
}

/** Writes the protobuf wire format into a growing buffer. */
export class WireWriter {
  private buf = new Uint8Array(64);
  private length = 0;

  private reserve(size: number): void {
    if (this.length + size <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + size));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  varint(value: bigint | number): void {
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (v >= 0x80n) {
      this.buf[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.length++] = Number(v);
  }

  tag(number: number, wireType: WireType): void {
    this.varint((number << 3) | wireType);
  }

  fixed32(value: number): void {
    this.reserve(4);
    new DataView(this.buf.buffer, this.length, 4).setUint32(0, value >>> 0, true);
    this.length += 4;
  }

  fixed64(value: bigint): void {
    this.reserve(8);
    new DataView(this.buf.buffer, this.length, 8).setBigUint64(0, BigInt.asUintN(64, value), true);
    this.length += 8;
  }

  float(value: number): void {
    this.reserve(4);
    new DataView(this.buf.buffer, this.length, 4).setFloat32(0, value, true);
    this.length += 4;
  }

  double(value: number): void {
    this.reserve(8);
    new DataView(this.buf.buffer, this.length, 8).setFloat64(0, value, true);
    this.length += 8;
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  lengthDelimited(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.raw(bytes);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
