import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { addFileDescriptors, registryFromFileDescriptors } from './descriptor-files';
import type { FileDescriptor } from './descriptor-set-decode';

// FieldDescriptorProto's numbers: LABEL_OPTIONAL 1, TYPE_INT64 3, TYPE_INT32 5, TYPE_STRING 9, TYPE_MESSAGE 11.
const orders: FileDescriptor = {
  name: 'orders.proto',
  package: 'orders.v1',
  syntax: 'proto3',
  messageType: [{ name: 'Order', field: [{ name: 'id', number: 1, label: 1, type: 9, jsonName: 'id' }] }],
  service: [{ name: 'Orders', method: [{ name: 'Get', inputType: '.orders.v1.Order', outputType: '.orders.v1.Order' }] }],
};

describe("descriptor.proto's types in registries built from descriptors", () => {
  it('are left out until a lookup names one, then found', () => {
    const registry = registryFromFileDescriptors([orders]);
    expect(registry.root.lookup('.google.protobuf.FieldOptions')).toBeNull();
    expect(registry.findType('google.rpc.Status')).toBeInstanceOf(protobuf.Type);
    expect(registry.findType('google.protobuf.FieldOptions')?.fullName).toBe('.google.protobuf.FieldOptions');
    expect(registry.findSymbol('google.protobuf.FieldDescriptorProto.Type')).toBeInstanceOf(protobuf.Enum);
    expect(registry.resolveAnyType('type.googleapis.com/google.protobuf.FileDescriptorProto')?.fields.messageType).toBeDefined();
    expect(registry.findMethod('orders.v1.Orders/Get').path).toBe('/orders.v1.Orders/Get');
  });

  it('come with a file that extends them, though the server sent no descriptor.proto', () => {
    const notes: FileDescriptor = {
      name: 'notes.proto',
      package: 'notes.v1',
      syntax: 'proto3',
      dependency: ['google/protobuf/descriptor.proto'],
      extension: [{ name: 'note', number: 50001, label: 1, type: 9, jsonName: 'note', extendee: '.google.protobuf.FieldOptions' }],
      messageType: [{ name: 'Noted', field: [{ name: 'text', number: 1, label: 1, type: 9, jsonName: 'text' }] }],
    };
    const registry = registryFromFileDescriptors([orders, notes]);
    const note = registry.root.lookup('.notes.v1.note') as protobuf.Field;
    expect(note.extend).toBe('.google.protobuf.FieldOptions');
    expect(note.extensionField?.parent?.fullName).toBe('.google.protobuf.FieldOptions');
  });

  it('come with a file fetched later that names one', () => {
    const registry = registryFromFileDescriptors([orders]);
    const holder: FileDescriptor = {
      name: 'holder.proto',
      package: 'holder.v1',
      syntax: 'proto3',
      dependency: ['google/protobuf/descriptor.proto'],
      messageType: [{ name: 'Holder', field: [{ name: 'file', number: 1, label: 1, type: 11, typeName: '.google.protobuf.FileDescriptorProto', jsonName: 'file' }] }],
    };
    addFileDescriptors(registry.root, [orders], [holder]);
    expect(registry.findType('holder.v1.Holder')?.fields.file?.resolvedType?.fullName).toBe('.google.protobuf.FileDescriptorProto');
  });

  it('fill in what a server left out of a package it sent part of, without defining anything twice', () => {
    const timestamp: FileDescriptor = {
      name: 'google/protobuf/timestamp.proto',
      package: 'google.protobuf',
      syntax: 'proto3',
      messageType: [{ name: 'Timestamp', field: [{ name: 'seconds', number: 1, label: 1, type: 3, jsonName: 'seconds' }, { name: 'nanos', number: 2, label: 1, type: 5, jsonName: 'nanos' }] }],
    };
    const events: FileDescriptor = {
      name: 'events.proto',
      package: 'events.v1',
      syntax: 'proto3',
      dependency: ['google/protobuf/timestamp.proto', 'google/protobuf/duration.proto'],
      messageType: [{ name: 'Event', field: [
        { name: 'at', number: 1, label: 1, type: 11, typeName: '.google.protobuf.Timestamp', jsonName: 'at' },
        { name: 'took', number: 2, label: 1, type: 11, typeName: '.google.protobuf.Duration', jsonName: 'took' },
      ] }],
    };
    const event = registryFromFileDescriptors([timestamp, events]).findType('events.v1.Event')!;
    expect(event.fields.at?.resolvedType?.filename).toBe('google/protobuf/timestamp.proto');
    expect(event.fields.took?.resolvedType?.fullName).toBe('.google.protobuf.Duration');
  });
});
