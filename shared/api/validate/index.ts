export { validateCommand, validateEvent, validateWith, isFerryCommand } from './validate';
export { COMMAND_VALIDATORS, type CommandArgs } from './command-validators';
export { callEventValidator, ferryEventValidator } from './event-validators';
export { describeProblem, type Problem, type Validator } from './guards';
export * as guards from './guards';
export { assertion, capture, onlyFalse, requestFile } from './model-validators';
export {
  API_PATH,
  parseCommandFrame,
  parseServerFrame,
  peekFrameId,
  type CommandFrame,
  type EventFrame,
  type ParsedCommand,
  type ResponseFrame,
  type ServerFrame,
} from './ws-protocol';
