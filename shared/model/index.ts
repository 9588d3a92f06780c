export * from './schema';
export * from './call';
export * from './connection';
export * from './workspace';
