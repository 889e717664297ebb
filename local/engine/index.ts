import './polyfill';

export {
  loadConversationDefinition,
  localFunctionArn,
  localSubstitutions,
} from './definition';
export { LocalStepFunctions } from './engine';
export {
  EngineClosedError,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  StateMachineDoesNotExist,
  StepFunctionsApiError,
  TaskDoesNotExist,
  TaskTimedOut,
} from './errors';
export { countStateTransitions } from './history';
export type * from './types';
