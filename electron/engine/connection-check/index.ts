export { checkConnection, type CheckConnectionOptions } from './connection-check';
