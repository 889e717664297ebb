import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { close, IDLE_NOTICE } from '../../functions/close/close';
import { TransientError } from '../../functions/shared/errors';
import {
  CONVERSATION_CLOSED,
  ConversationClosedEventSchema,
} from '../../schemas/conversation-closed';
import {
  eventBridge,
  idempotencyTable,
  macOf,
  NOW,
  publishedEntry,
  resetWorld,
  seed,
  sfn,
  tables,
} from './close-world';
import { AT, headItem, messageItems, PK, ref } from './workflow-steps/fixtures';

beforeEach(resetWorld);

describe('close', () => {
  it('closes an idle conversation, tells the customer and publishes the event', async () => {
    // Prepare
    seed();

    // Act
    const output = await close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    expect(output).toEqual({ closed: true });
    expect(headItem(tables)).toMatchObject({
      status: 'closed',
      closedAt: NOW.toISOString(),
    });
    expect(messageItems(tables).at(-1)).toMatchObject({
      sequence: 3,
      messageId: 'close-1',
      sender: 'system',
      text: IDLE_NOTICE,
    });
    const entry = publishedEntry();
    expect(entry).toMatchObject({
      EventBusName: process.env.EVENT_BUS_NAME,
      Source: CONVERSATION_CLOSED.source,
      DetailType: CONVERSATION_CLOSED.detailType,
    });
    const detail = JSON.parse(entry?.Detail ?? '{}');
    expect(ConversationClosedEventSchema.parse(detail)).toEqual({
      tenantId: 'acme',
      conversationId: 'conv-1',
      segment: 1,
      customerRef: `cref_${macOf('acme', 'cust-1')}`,
      channel: 'web',
      reason: 'idle',
      turns: 1,
      messages: 3,
      handedOff: false,
      handoffUnanswered: false,
      openedAt: AT,
      closedAt: NOW.toISOString(),
      transcript: { pk: PK, sk: 'TRANSCRIPT#000001', parts: 1 },
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('reports a handoff and adds no notice when an agent resolved it', async () => {
    // Prepare
    seed({ status: 'handoff', handedOff: true, handoffUnanswered: true });

    // Act
    await close({ ...ref(), reason: 'resolved_by_agent' }, NOW);

    // Assess
    expect(messageItems(tables)).toHaveLength(2);
    const detail = JSON.parse(publishedEntry()?.Detail ?? '{}');
    expect(detail).toMatchObject({
      reason: 'resolved_by_agent',
      messages: 2,
      handedOff: true,
      handoffUnanswered: true,
    });
  });

  it('reopens at once when the customer wrote while it was closing', async () => {
    // Prepare
    seed({}, true);

    // Act
    const output = await close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    expect(output).toEqual({ closed: true });
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input).toMatchObject({ name: 'acme_conv-1_2' });
    expect(JSON.parse(start?.args[0].input.input ?? '{}')).toMatchObject({
      segment: 2,
      start: 'message',
    });
    expect(headItem(tables)).toMatchObject({ status: 'active', segment: 2 });
  });

  it.each([
    [
      'a failed entry',
      () =>
        eventBridge.on(PutEventsCommand).resolves({
          FailedEntryCount: 1,
          Entries: [{ ErrorCode: 'InternalFailure' }],
        }),
    ],
    [
      'throttling',
      () =>
        eventBridge.on(PutEventsCommand).rejects(
          Object.assign(new Error('slow'), {
            name: 'ThrottlingException',
            $metadata: { httpStatusCode: 400 },
          }),
        ),
    ],
  ])('throws TransientError on %s from EventBridge', async (_case, arrange) => {
    // Prepare
    seed();
    arrange();

    // Act
    const act = close({ ...ref(), reason: 'idle' }, NOW);

    // Assess
    await expect(act).rejects.toBeInstanceOf(TransientError);
  });

  it('keeps the first close time and notice when retried', async () => {
    // Prepare
    seed();
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{}] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });
    await expect(close({ ...ref(), reason: 'idle' }, NOW)).rejects.toThrow();

    // Act
    const later = new Date(NOW.getTime() + 5000);
    const output = await close({ ...ref(), reason: 'idle' }, later);

    // Assess
    expect(output).toEqual({ closed: true });
    expect(
      messageItems(tables).filter((m) => m.messageId === 'close-1'),
    ).toHaveLength(1);
    const detail = JSON.parse(
      eventBridge.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries?.[0]
        ?.Detail ?? '{}',
    );
    expect(detail.closedAt).toBe(NOW.toISOString());
    expect(idempotencyTable.commandCalls(DeleteItemCommand)).toHaveLength(1);
  });

  it('does not close a conversation that moved to a newer segment', async () => {
    // Prepare
    seed({ segment: 2 });

    // Act
    const output = await close({ ...ref(1), reason: 'idle' }, NOW);

    // Assess
    expect(output).toEqual({ closed: false });
    expect(headItem(tables).status).toBe('active');
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
