import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { APOLOGY_TEXT } from '../../functions/deliver/apology';
import { deliver } from '../../functions/deliver/deliver';
import { InvariantError } from '../../functions/shared/errors';
import type { Message } from '../../schemas/message';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  head,
  headItem,
  message,
  messageItems,
  ref,
  seedConversation,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let tables: FakeTables;

const REPLY = {
  text: 'It arrives tomorrow.',
  citations: [{ id: 'shipping#1', title: 'Shipping' }],
  offlineModel: true,
};

const seedAnsweredTurn = (later: Message[] = []) =>
  seedConversation(tables, {
    head: head({ channel: 'sms', lastSequence: 2 + later.length }),
    messages: [
      message(1, 'customer', 'Where is my order?'),
      message(2, 'customer', '#W1234567'),
      ...later,
    ],
    turns: [turn({ sequences: [1, 2], reply: REPLY })],
  });

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  tables = new FakeTables(ddb);
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe('deliver', () => {
  it('appends the reply once and records what it answered', async () => {
    // Prepare
    seedAnsweredTurn();

    // Act
    const output = await deliver({ ...ref(), index: 1, kind: 'reply' });

    // Assess
    expect(output).toEqual({ delivered: true });
    expect(messageItems(tables).at(-1)).toMatchObject({
      sequence: 3,
      messageId: 'out-1-1',
      direction: 'outbound',
      sender: 'assistant',
      channel: 'sms',
      ...REPLY,
    });
    expect(headItem(tables)).toMatchObject({
      lastAnswered: 2,
      turns: 1,
      lastSequence: 3,
    });
    expect(turnItem(tables).deliveredAt).toBeDefined();
  });

  it('stores nothing twice when retried', async () => {
    // Prepare
    seedAnsweredTurn();
    await deliver({ ...ref(), index: 1, kind: 'reply' });
    const deliveredAt = turnItem(tables).deliveredAt;

    // Act
    const output = await deliver({ ...ref(), index: 1, kind: 'reply' });

    // Assess
    expect(output).toEqual({ delivered: false });
    expect(messageItems(tables)).toHaveLength(3);
    expect(headItem(tables)).toMatchObject({ lastAnswered: 2, turns: 1 });
    expect(turnItem(tables).deliveredAt).toBe(deliveredAt);
  });

  it.each([
    ['parks when nothing waits', false, 'parked', 0],
    ['wakes at once for a message that came in meanwhile', true, 'woken', 1],
  ])('%s', async (_case, wroteAgain, parked, wakes) => {
    // Prepare
    seedAnsweredTurn(wroteAgain ? [message(3, 'customer', 'and?')] : []);

    // Act
    const output = await deliver({
      ...ref(),
      index: 1,
      kind: 'reply',
      taskToken: 'token-1',
    });

    // Assess
    expect(output).toEqual({ delivered: true, parked });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(wakes);
    expect(headItem(tables).waitToken).toBe(wroteAgain ? undefined : 'token-1');
  });

  it('throws InvariantError when the turn has no reply', async () => {
    // Prepare
    seedConversation(tables, {
      messages: [message(1, 'customer', 'hi')],
      turns: [turn()],
    });

    // Act
    const act = deliver({ ...ref(), index: 1, kind: 'reply' });

    // Assess
    await expect(act).rejects.toThrow(InvariantError);
  });

  it('apologises once and stops the failing message from looping', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ lastSequence: 3, lastAnswered: 1 }),
      messages: [
        message(1, 'customer', 'hi'),
        message(2, 'customer', 'boom'),
        message(3, 'customer', 'hello?'),
      ],
    });

    // Act
    const first = await deliver({ ...ref(), index: 0, kind: 'apology' });
    const retry = await deliver({ ...ref(), index: 0, kind: 'apology' });

    // Assess
    expect([first, retry]).toEqual([{ delivered: true }, { delivered: false }]);
    const apologies = messageItems(tables).filter((m) => m.sender === 'system');
    expect(apologies).toEqual([
      expect.objectContaining({
        messageId: 'apology-1-0-3',
        text: APOLOGY_TEXT,
      }),
    ]);
    expect(headItem(tables).lastAnswered).toBe(3);
  });
});
