import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { close } from '../../functions/close/close';
import { handler } from '../../functions/close/handler';
import { TransientError } from '../../functions/shared/errors';
import {
  eventBridge,
  existingRecord,
  idempotencyTable,
  NOW,
  resetWorld,
  seed,
  tables,
} from './close-world';
import { headItem, lambdaContext, ref } from './workflow-steps/fixtures';

beforeEach(resetWorld);

describe('close', () => {
  it('records the published segment in the idempotency table', async () => {
    // Prepare
    seed();

    // Act
    await close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    const [put] = idempotencyTable.commandCalls(PutItemCommand);
    const [update] = idempotencyTable.commandCalls(UpdateItemCommand);
    const key = put?.args[0].input.Item?.id;
    const expiresBy = Math.round(Date.now() / 1000) + 86_400;
    expect(put?.args[0].input).toMatchObject({
      TableName: 'Idempotency',
      Item: {
        id: { S: expect.stringMatching(/^conversation-closed#/) },
        status: { S: 'INPROGRESS' },
      },
    });
    const expiration = Number(put?.args[0].input.Item?.expiration?.N);
    expect(expiration).toBeGreaterThan(expiresBy - 60);
    expect(expiration).toBeLessThanOrEqual(expiresBy);
    expect(update?.args[0].input).toMatchObject({
      Key: { id: key },
      ExpressionAttributeValues: { ':status': { S: 'COMPLETED' } },
    });
  });

  it('keys the record on tenant, conversation and segment only', async () => {
    // Prepare
    seed();
    await close({ ...ref(), reason: 'idle' }, NOW);
    seed({ turns: 4 });
    await close({ ...ref(), reason: 'idle' }, new Date(NOW.getTime() + 1000));
    seed({ segment: 2 });

    // Act
    await close({ ...ref(2), reason: 'idle' }, NOW);

    // Assess
    const keys = idempotencyTable
      .commandCalls(PutItemCommand)
      .map((call) => call.args[0].input.Item?.id?.S);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('does not publish again when the segment was published before', async () => {
    // Prepare
    seed();
    idempotencyTable.on(PutItemCommand).rejects(existingRecord('COMPLETED'));

    // Act
    const output = await close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    expect(output).toEqual({ closed: true });
    expect(headItem(tables).status).toBe('closed');
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('throws TransientError while another attempt is publishing', async () => {
    // Prepare
    seed();
    idempotencyTable
      .on(PutItemCommand)
      .rejects(existingRecord('INPROGRESS', Date.now() + 60_000));

    // Act
    const act = close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    await expect(act).rejects.toBeInstanceOf(TransientError);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it.each([
    ['throttling', 'TransientError', 'ThrottlingException'],
    [
      'a missing table',
      'IdempotencyPersistenceLayerError',
      'ResourceNotFoundException',
    ],
  ])(
    'reports %s in the idempotency table as %s',
    async (_case, expected, name) => {
      // Prepare
      seed();
      idempotencyTable.on(PutItemCommand).rejects(
        Object.assign(new Error('no'), {
          name,
          $metadata: { httpStatusCode: 400 },
        }),
      );

      // Act
      const act = close({ ...ref(), reason: 'idle' }, NOW);

      // Assess
      await expect(act).rejects.toMatchObject({ name: expected });
      expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    },
  );

  it("gives the record the invocation's remaining time when run as the step", async () => {
    // Prepare
    seed();
    const context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => 5000,
    };
    const before = Date.now();

    // Act
    await handler({ ...ref(), reason: 'resolved_by_agent' }, context);

    // Assess
    const [put] = idempotencyTable.commandCalls(PutItemCommand);
    const until = Number(put?.args[0].input.Item?.in_progress_expiration?.N);
    expect(until).toBeGreaterThanOrEqual(before + 5000);
    expect(until).toBeLessThanOrEqual(Date.now() + 5000);
  });
});
