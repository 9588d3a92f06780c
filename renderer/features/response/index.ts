export { ResponsePanel } from './response-panel';
