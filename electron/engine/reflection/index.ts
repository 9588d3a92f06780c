export { discoverByReflection, type DiscoverOptions, type OpenReflectionStream } from './discover-by-reflection';
export { decodeRequest, encodeResponse, reflectionPath, type ReflectionQuestion, type ReflectionResponse, type ReflectionVersion } from './reflection-protocol';
