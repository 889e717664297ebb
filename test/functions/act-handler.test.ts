import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { handler } from '../../functions/act/handler';
import { decodeStoreJson } from '../../functions/shared/store/json';
import { storeJson } from '../store/fixtures';
import { call, ddb, givenTurn, REF, setUp, storedCalls } from './act-world';

/** The act Lambda handler over the tenant's DynamoDB Store table. */
beforeEach(setUp);

describe('handler', () => {
  const context = {
    functionName: 'act',
    awsRequestId: 'req-1',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:act',
    getRemainingTimeInMillis: () => 50_000,
  } as Context;

  it('runs tools against the Store table of the tenant', async () => {
    // Prepare
    givenTurn([call({})]);
    const order = decodeStoreJson(storeJson()).orders['#W1000001'];
    ddb.on(GetCommand, { TableName: 'Store' }).resolves({
      Item: { pk: 'T#demo#ORDER##W1000001', sk: 'ORDER', ...order },
    });

    // Act
    const output = await handler(REF, context);

    // Assess
    expect(output).toEqual({ ran: 1, approval: false });
    expect(
      ddb.commandCalls(GetCommand, { TableName: 'Store' })[0].args[0].input.Key,
    ).toEqual({ pk: 'T#demo#ORDER##W1000001', sk: 'ORDER' });
    expect(JSON.parse(storedCalls()[0].result ?? '').status).toBe('delivered');
  });

  it('turns DynamoDB throttling into a TransientError', async () => {
    // Prepare
    givenTurn([call({})]);
    ddb.on(GetCommand, { TableName: 'Store' }).rejects(
      Object.assign(new Error('slow down'), {
        name: 'ProvisionedThroughputExceededException',
      }),
    );

    // Act
    const run = handler(REF, context);

    // Assess
    await expect(run).rejects.toMatchObject({ name: 'TransientError' });
  });
});
