export * from './schema';
export * from './call';
export * from './connection';
export * from './workspace';
export * from './call-event-text';
export * from './iteration-data';
export * from './environment-metadata';
export * from './load-test';
