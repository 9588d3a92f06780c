export { discoverByReflection, type DiscoverOptions } from './discover-by-reflection';
export type { ReflectionVersion } from './reflection-protocol';
