export { discoverByReflection, type DiscoverOptions, type OpenReflectionStream } from './discover-by-reflection';
export type { ReflectionVersion } from './reflection-protocol';
