import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  CONVERSATION,
  ddb,
  given,
  head,
  message,
  post,
  putsOf,
  resetWorld,
  sfn,
  TOKEN,
  validBody,
} from './chat-inbound-world';

beforeEach(() => {
  resetWorld();
});

describe('POST a message to an existing conversation', () => {
  it('wakes a waiting workflow with the message sequence', async () => {
    // Prepare
    const waiting = head({ waitToken: 'wait-token-1', waitKind: 'customer' });
    given({ heads: [head(), waiting], messages: [message(2)] });

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      conversationId: CONVERSATION,
      sequence: 3,
      duplicate: false,
    });
    const [wake] = sfn.commandCalls(SendTaskSuccessCommand);
    expect(wake?.args[0].input).toEqual({
      taskToken: 'wait-token-1',
      output: JSON.stringify({ reason: 'message', sequence: 3 }),
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(response.raw).not.toContain('wait-token-1');
  });

  it('reopens a closed conversation as the next segment', async () => {
    // Prepare
    const closed = head({ status: 'closed', segment: 2 });
    given({ heads: [closed, closed], messages: [message(2)] });

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.status).toBe(202);
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input.name).toBe('demo_conv-1_3');
    const reopened = ddb
      .commandCalls(UpdateCommand)
      .find((c) => c.args[0].input.ExpressionAttributeValues?.[':seg'] === 3);
    expect(reopened?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':f0': 'active',
      ':f1': 3,
    });
  });

  it('leaves the message queued for a busy workflow and ensures it runs', async () => {
    // Prepare
    given({ heads: [head(), head()], messages: [message(2)] });
    sfn
      .on(StartExecutionCommand)
      .rejects(
        new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }),
      );

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.status).toBe(202);
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input.name).toBe('demo_conv-1_1');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('returns duplicate for a repeated message id and stores nothing new', async () => {
    // Prepare
    const waiting = head({ waitToken: 'wait-token-1', lastAnswered: 3 });
    given({ heads: [head(), waiting], claimedSequence: 3 });

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      conversationId: CONVERSATION,
      sequence: 3,
      duplicate: true,
    });
    expect(putsOf('MSG#')).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('still wakes the workflow for a repeat of an unanswered message', async () => {
    // Prepare
    const waiting = head({ waitToken: 'wait-token-1' });
    given({ heads: [head(), waiting], claimedSequence: 3 });

    // Act
    const response = await post(validBody(), TOKEN);

    // Assess
    expect(response.body.duplicate).toBe(true);
    expect(response.body.customerToken).toBeUndefined();
    expect(putsOf('MSG#')).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it.each([
    ['no token', undefined, 'Missing Authorization'],
    ['a wrong token', 'someone-else', 'does not match'],
  ])('returns 401 with %s and stores nothing', async (_, token, message) => {
    // Prepare
    given({ heads: [head()] });

    // Act
    const response = await post(validBody(), token);

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.message).toContain(message);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('returns 401 when the customer id is not the conversation’s', async () => {
    // Prepare
    given({ heads: [head()] });

    // Act
    const response = await post(validBody({ customerId: 'cust-2' }), TOKEN);

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/customerId/);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});
