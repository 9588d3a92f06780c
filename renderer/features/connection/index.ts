export { ConnectionBar } from './connection-bar';
