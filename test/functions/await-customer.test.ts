import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { awaitCustomer } from '../../functions/await-customer/await-customer';
import { handler } from '../../functions/await-customer/handler';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  head,
  headItem,
  lambdaContext,
  message,
  ref,
  seedConversation,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let tables: FakeTables;

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  tables = new FakeTables(ddb);
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe('awaitCustomer', () => {
  it('gives a conversation back from a handoff to the assistant and parks', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ status: 'handoff', lastSequence: 1, lastAnswered: 1 }),
      messages: [message(1, 'customer', 'a person please')],
    });

    // Act
    const output = await awaitCustomer({ ...ref(), taskToken: 'token-2' });

    // Assess
    expect(output).toEqual({ parked: 'parked' });
    expect(headItem(tables)).toMatchObject({
      status: 'active',
      waitToken: 'token-2',
    });
  });

  it('leaves the status of a newer segment alone', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({
        status: 'handoff',
        segment: 2,
        lastSequence: 1,
        lastAnswered: 1,
      }),
      messages: [message(1, 'customer', 'hi')],
    });

    // Act
    const output = await awaitCustomer({ ...ref(1), taskToken: 'token-3' });

    // Assess
    expect(output).toEqual({ parked: 'parked' });
    expect(headItem(tables)).toMatchObject({ status: 'handoff', segment: 2 });
    expect(headItem(tables).waitToken).toBeUndefined();
  });

  it('wakes at once when the customer wrote during the handoff', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ status: 'handoff', lastSequence: 2, lastAnswered: 1 }),
      messages: [
        message(1, 'customer', 'hi'),
        message(2, 'customer', 'still there?'),
      ],
    });

    // Act
    const output = await awaitCustomer({ ...ref(), taskToken: 'token-4' });

    // Assess
    expect(output).toEqual({ parked: 'woken' });
    const [wake] = sfn.commandCalls(SendTaskSuccessCommand);
    expect(wake?.args[0].input).toEqual({
      taskToken: 'token-4',
      output: JSON.stringify({ reason: 'message', sequence: 2 }),
    });
  });

  it('refuses a payload without a task token', async () => {
    // Act
    const act = handler({ ...ref() }, lambdaContext());

    // Assess
    await expect(act).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
