export { trace, isTraceEnabled, configureTrace, parseTraceSetting, redact, isSecretKey, formatMetadataForTrace } from './trace';
export type { TraceName, TraceSink, RedactableEntry } from './trace';
