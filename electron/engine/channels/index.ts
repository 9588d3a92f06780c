export { parseTarget, type ParsedTarget } from './parse-target';
export { buildChannelSettings, type ConnectionOptions, type TlsOptions, type TransportOptions, type ChannelSettings } from './credentials';
export { createChannelPool, poolKey, type ChannelPool, type ConnectivityChanged } from './channel-pool';
export { waitForReady } from './wait-for-ready';
export { connectionAdvice, useConnectionAdvice, UI_CONNECTION_ADVICE, type ConnectionAdvice } from './connection-advice';
export { checkTimerMs, MAX_TIMER_MS } from './transport-limits';
