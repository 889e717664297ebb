/** True for DynamoDB's failed-condition error, whatever client threw it. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof Error && error.name === 'ConditionalCheckFailedException'
  );
}

/**
 * Awaits a conditional write: `true` when it was applied, `false` when its
 * condition failed; any other error is thrown.
 */
export async function conditionalWrite(
  write: Promise<unknown>,
): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
