/** True for DynamoDB's failed-condition error, whatever client threw it. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof Error && error.name === 'ConditionalCheckFailedException'
  );
}
