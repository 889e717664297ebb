import {
  conversationDefinitionText,
  substitute,
  substitutionKey,
  WORKFLOW_FUNCTIONS,
  type WorkflowFunction,
} from '../../workflows/definition';

/**
 * ARN of a Lambda function of the local runtime, named after its folder
 * under `functions/`.
 *
 * @example localFunctionArn('deliver')
 * // 'arn:aws:lambda:us-east-1:000000000000:function:deliver'
 */
export function localFunctionArn(
  name: string,
  region = 'us-east-1',
  account = '000000000000',
): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

/**
 * The definition substitutions of the local runtime: every
 * `${<Name>FunctionArn}` placeholder maps to the local function ARN of the
 * function's folder, which the local invoker resolves to its handler.
 */
export function localSubstitutions(
  region = 'us-east-1',
  account = '000000000000',
): Record<string, string> {
  const entries = Object.entries(WORKFLOW_FUNCTIONS) as [
    WorkflowFunction,
    string,
  ][];
  return Object.fromEntries(
    entries.map(([name, folder]) => [
      substitutionKey(name),
      localFunctionArn(folder, region, account),
    ]),
  );
}

/** The conversation workflow's ASL with the local function ARNs. */
export function loadConversationDefinition(): string {
  return substitute(conversationDefinitionText(), localSubstitutions());
}
