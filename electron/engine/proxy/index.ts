export { DIRECT, noProxyVariable, parseProxyUrl, proxyFromEnv, proxyRoute, type Destination, type ProxyRoute } from './proxy-route';
export { authorityOf, openTunnel, ProxyTunnelError } from './proxy-tunnel';
