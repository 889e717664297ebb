import conversationDefinition from './conversation.asl.json';

/**
 * The Lambda functions the conversation workflow invokes, by the name of
 * their `${<Name>FunctionArn}` substitution, with their folder under
 * `functions/`.
 */
export const WORKFLOW_FUNCTIONS = {
  Understand: 'understand',
  Retrieve: 'retrieve',
  Respond: 'respond',
  Act: 'act',
  Approval: 'approval',
  Deliver: 'deliver',
  AwaitCustomer: 'await-customer',
  Handoff: 'handoff',
  Close: 'close',
} as const;

export type WorkflowFunction = keyof typeof WORKFLOW_FUNCTIONS;

/** Substitution key of a function's ARN in the definition. */
export const substitutionKey = (name: WorkflowFunction) => `${name}FunctionArn`;

/**
 * The conversation workflow's ASL text with its `${...}` placeholders, as
 * CDK deploys it and the local runtime runs it.
 */
export function conversationDefinitionText(): string {
  return JSON.stringify(conversationDefinition);
}

/**
 * Replaces `${Key}` placeholders the way Step Functions applies
 * `DefinitionSubstitutions`, failing on any placeholder left unresolved.
 */
export function substitute(
  text: string,
  substitutions: Readonly<Record<string, string>>,
): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => {
    const value = substitutions[key];
    if (value === undefined) {
      throw new Error(`Definition placeholder ${whole} has no substitution`);
    }
    return value;
  });
}
