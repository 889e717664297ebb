import { InvalidArn, InvalidName } from './errors';

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const STATE_MACHINE_ARN =
  /^arn:aws:states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]{1,80})$/;
const EXECUTION_ARN =
  /^arn:aws:states:([a-z0-9-]+):(\d{12}):execution:([A-Za-z0-9_-]{1,80}):([A-Za-z0-9_-]{1,80})$/;
const LAMBDA_ARN =
  /^(?:arn:aws:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?([A-Za-z0-9_-]{1,140})(?::[A-Za-z0-9$_-]+)?$/;

export interface StateMachineRef {
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

export interface ExecutionRef extends StateMachineRef {
  readonly executionName: string;
}

/** Throws `InvalidName` unless the name is 1-80 of `[A-Za-z0-9_-]`. */
export function assertValidName(name: string, what: string): void {
  if (!NAME.test(name)) {
    throw new InvalidName(
      `Invalid ${what} name '${name}': use 1-80 letters, digits, - or _`,
    );
  }
}

export function stateMachineArn(ref: StateMachineRef): string {
  return `arn:aws:states:${ref.region}:${ref.accountId}:stateMachine:${ref.name}`;
}

export function executionArn(ref: ExecutionRef): string {
  return `arn:aws:states:${ref.region}:${ref.accountId}:execution:${ref.name}:${ref.executionName}`;
}

/** Parses a state machine ARN; throws `InvalidArn` when malformed. */
export function parseStateMachineArn(arn: string): StateMachineRef {
  const match = STATE_MACHINE_ARN.exec(arn);
  if (!match) throw new InvalidArn(`Invalid state machine ARN: '${arn}'`);
  const [, region, accountId, name] = match as unknown as string[];
  return { region, accountId, name };
}

/** Parses an execution ARN; throws `InvalidArn` when malformed. */
export function parseExecutionArn(arn: string): ExecutionRef {
  const match = EXECUTION_ARN.exec(arn);
  if (!match) throw new InvalidArn(`Invalid execution ARN: '${arn}'`);
  const [, region, accountId, name, executionName] =
    match as unknown as string[];
  return { region, accountId, name, executionName };
}

/**
 * The function name in a Lambda `FunctionName` parameter, which may be a
 * name, a partial ARN or a full ARN, optionally with a version or alias.
 * Returns `undefined` when it is none of these.
 */
export function lambdaFunctionName(functionName: string): string | undefined {
  return LAMBDA_ARN.exec(functionName)?.[1];
}
