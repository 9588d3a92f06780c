export { SchemaRegistry, typeNameOfUrl, type FetchSymbol } from './schema-registry';
export { loadProtoFiles, candidateRoots, type ProtoFilesSource } from './load-proto-files';
export { loadDescriptorSets } from './load-descriptor-set';
export { registryFromFileDescriptors, addFileDescriptors, decodeFileDescriptor, decodeFileDescriptorSet, unresolvedNames, type FileDescriptor } from './descriptor-files';
export { describeSymbol } from './describe-proto';
export { describeMethod, summarizeMethod, type MethodDescriptor, type TypeLookup } from './method-descriptor';
export { BUILTIN_PROTOS } from './builtin-protos';
