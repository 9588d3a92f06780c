export { RequestTabs } from './request-tabs';
