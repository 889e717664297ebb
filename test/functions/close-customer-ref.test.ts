import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { close } from '../../functions/close/close';
import { conversationPk, SK } from '../../functions/shared/keys';
import { clearCustomerRefCache } from '../../functions/shared/pii/customer-ref';
import { ClosedTranscriptSchema } from '../../schemas/closed-transcript';
import {
  type ConversationClosedEvent,
  ConversationClosedEventSchema,
} from '../../schemas/conversation-closed';
import { eventBridge, kms, NOW, resetWorld, tables } from './close-world';
import {
  CONVERSATIONS,
  head,
  headItem,
  message,
  ref,
  seedConversation,
  TENANT,
} from './workflow-steps/fixtures';

/**
 * What the close publishes and stores for analytics names the customer by
 * reference: the channel's customer id (here a phone number) stays on the
 * conversation head.
 */
const PHONE = '+447700900123';

/** Adds a second conversation, `conv-2`, of the given customer. */
function seedOther(customerId: string): void {
  tables.put(CONVERSATIONS, {
    pk: conversationPk(TENANT, 'conv-2'),
    sk: SK.head,
    ...head({ conversationId: 'conv-2', customerId, lastSequence: 0 }),
  });
}

const closeConversation = (conversationId: string) =>
  close({ ...ref(), conversationId, reason: 'idle' }, NOW);

/** The closed events published so far, in order. */
const published = (): ConversationClosedEvent[] =>
  eventBridge
    .commandCalls(PutEventsCommand)
    .map((call) => JSON.parse(call.args[0].input.Entries?.[0]?.Detail ?? ''))
    .map((detail) => ConversationClosedEventSchema.parse(detail));

const transcriptOf = (conversationId: string) =>
  tables.get(
    CONVERSATIONS,
    conversationPk(TENANT, conversationId),
    SK.transcript(1),
  );

beforeEach(() => {
  resetWorld();
  seedConversation(tables, {
    head: head({ customerId: PHONE, lastSequence: 1, lastAnswered: 1 }),
    messages: [message(1, 'customer', 'Where is my order?')],
  });
});

describe('the customer reference of a close', () => {
  it('publishes and stores no raw customer id', async () => {
    // Act
    await closeConversation('conv-1');

    // Assess
    const [event] = published();
    const transcript = ClosedTranscriptSchema.parse(transcriptOf('conv-1'));
    const analytics = JSON.stringify([event, transcriptOf('conv-1')]);
    expect(event?.customerRef).toMatch(/^cref_[A-Za-z0-9_-]{43}$/);
    expect(transcript.customerRef).toBe(event?.customerRef);
    expect(analytics).not.toContain(PHONE);
    expect(analytics).not.toContain('447700900123');
    expect(analytics).not.toContain('customerId');
    expect(headItem(tables).customerId).toBe(PHONE);
  });

  it('gives two closes of the same customer the same reference', async () => {
    // Prepare
    seedOther(PHONE);
    await closeConversation('conv-1');
    // The second reference comes from KMS again, not from the cache.
    clearCustomerRefCache();

    // Act
    await closeConversation('conv-2');

    // Assess
    const [first, second] = published();
    expect(second?.conversationId).toBe('conv-2');
    expect(second?.customerRef).toBe(first?.customerRef);
    expect(
      ClosedTranscriptSchema.parse(transcriptOf('conv-2')).customerRef,
    ).toBe(first?.customerRef);
  });

  it('gives another customer another reference', async () => {
    // Prepare
    seedOther('+447700900124');
    await closeConversation('conv-1');

    // Act
    await closeConversation('conv-2');

    // Assess
    const [first, second] = published();
    expect(second?.customerRef).not.toBe(first?.customerRef);
  });

  it('publishes nothing while KMS cannot make the reference', async () => {
    // Prepare
    kms.reset();
    kms.onAnyCommand().rejects(
      Object.assign(new Error('slow down'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // Act
    const act = closeConversation('conv-1');

    // Assess
    await expect(act).rejects.toMatchObject({ name: 'TransientError' });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(transcriptOf('conv-1')).toBeUndefined();
  });
});
