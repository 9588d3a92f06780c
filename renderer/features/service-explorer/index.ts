export { ServiceExplorer } from './service-explorer';
