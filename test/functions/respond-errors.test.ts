import {
  AccessDeniedException,
  ConverseCommand,
  InternalServerException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { respond } from '../../functions/respond/respond';
import { ModelError, TransientError } from '../../functions/shared/errors';
import { bedrock, INPUT, resetWorld, seed, storedTurn } from './respond-world';
import { textAnswer } from './workflow-steps/fixtures';

/** Bedrock failures, mapped to retryable or model errors; no reply stored. */

beforeEach(resetWorld);

describe('respond', () => {
  it.each([
    [
      'ThrottlingException',
      new ThrottlingException({
        message: 'slow',
        $metadata: { httpStatusCode: 429 },
      }),
      TransientError,
    ],
    [
      'ServiceUnavailableException',
      new ServiceUnavailableException({
        message: 'down',
        $metadata: { httpStatusCode: 503 },
      }),
      TransientError,
    ],
    [
      'InternalServerException',
      new InternalServerException({
        message: 'oops',
        $metadata: { httpStatusCode: 500 },
      }),
      TransientError,
    ],
    [
      'ValidationException',
      new ValidationException({
        message: 'bad',
        $metadata: { httpStatusCode: 400 },
      }),
      ModelError,
    ],
    [
      'AccessDeniedException',
      new AccessDeniedException({
        message: 'no',
        $metadata: { httpStatusCode: 403 },
      }),
      ModelError,
    ],
  ])('maps %s from Bedrock to %p', async (_name, error, expected) => {
    // Prepare
    seed();
    bedrock.on(ConverseCommand).rejects(error);

    // Act
    const act = respond(INPUT);

    // Assess
    await expect(act).rejects.toBeInstanceOf(expected);
    expect(storedTurn().reply).toBeUndefined();
  });

  it('throws ModelError on empty output and still counts the call', async () => {
    // Prepare
    seed();
    bedrock.on(ConverseCommand).resolves(textAnswer('   '));

    // Act
    const act = respond(INPUT);

    // Assess
    await expect(act).rejects.toBeInstanceOf(ModelError);
    expect(storedTurn().usage.calls).toBe(1);
  });
});
