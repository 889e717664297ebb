import { IDLE_NOTICE } from '../../functions/close/close';
import {
  CONVERSATION_CLOSED,
  ConversationClosedEventSchema,
} from '../../schemas/conversation-closed';
import { atLeast, enteredStates, Platform, WAIT_MS } from './harness';

const platform = new Platform();

beforeAll(() => platform.start());
afterAll(() => platform.stop());

describe('closing the conversation workflow', () => {
  it('closes an idle conversation and reopens it as segment 2', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    await customer.send('How long do I have to return an item?');
    await customer.waitFor(atLeast(1, 'assistant'));

    // Act
    const closed = await customer.waitFor(
      (t) => t.status === 'closed' && atLeast(1, 'system')(t),
    );
    const ended = await platform.runtime.engine.waitForExecution(
      platform.executionArn(id),
      WAIT_MS,
    );
    const event = await platform.closedEvent(id);
    await customer.send('Which payment methods do you accept?');
    const reopened = await customer.waitFor(atLeast(2, 'assistant'));

    // Assess
    expect(ended.status).toBe('SUCCEEDED');
    expect(enteredStates(platform.history(id)).slice(-4)).toEqual([
      'DeliverAndAwait',
      'IdleTimeout',
      'Close',
      'Closed',
    ]);
    expect(closed.messages.map((m) => m.role)).toEqual([
      'customer',
      'assistant',
      'system',
    ]);
    expect(closed.messages.at(-1)?.text).toBe(IDLE_NOTICE);
    expect(event).toMatchObject({
      source: CONVERSATION_CLOSED.source,
      'detail-type': CONVERSATION_CLOSED.detailType,
    });
    expect(ConversationClosedEventSchema.parse(event.detail)).toMatchObject({
      tenantId: 'quick',
      conversationId: id,
      segment: 1,
      customerRef: expect.stringMatching(/^cref_[A-Za-z0-9_-]{43}$/),
      reason: 'idle',
      turns: 1,
      messages: 3,
      handedOff: false,
    });
    expect(JSON.stringify(event)).not.toContain(customer.customerId);
    expect(platform.executionNames(id)).toEqual([
      `quick_${id}_1`,
      `quick_${id}_2`,
    ]);
    expect(reopened.status).toBe('active');
    expect(reopened.messages.map((m) => m.role)).toEqual([
      'customer',
      'assistant',
      'system',
      'customer',
      'assistant',
    ]);
    expect((await platform.head(id)).segment).toBe(2);
  });

  it('continues a long conversation in a fresh execution', async () => {
    // Prepare: a turn limit of two per execution
    process.env.MAX_TURNS_PER_EXECUTION = '2';
    const customer = platform.customer();
    const id = customer.conversationId;

    // Act
    try {
      await customer.send('How long do I have to return an item?');
      await customer.waitFor(atLeast(1, 'assistant'));
      await customer.send('Which payment methods do you accept?');
      await customer.waitFor(atLeast(2, 'assistant'));
      await platform.runtime.engine.waitForExecution(
        platform.executionArn(id),
        WAIT_MS,
      );
      await platform.parked(id);
      await customer.send('How long does shipping take?');
      await customer.waitFor(atLeast(3, 'assistant'));
    } finally {
      delete process.env.MAX_TURNS_PER_EXECUTION;
    }

    // Assess
    expect(enteredStates(platform.history(id)).slice(-3)).toEqual([
      'DeliverThenContinue',
      'ContinueAsNew',
      'Continued',
    ]);
    expect(platform.executionNames(id)).toEqual([
      `quick_${id}_1`,
      `quick_${id}_2`,
    ]);
    expect(enteredStates(platform.history(id, 2)).slice(0, 3)).toEqual([
      'Begin',
      'AwaitCustomer',
      'Understand',
    ]);
    expect((await platform.head(id)).segment).toBe(2);
    expect((await platform.head(id)).status).toBe('active');
  });

  it('continues in a fresh execution after a small-talk turn at the limit', async () => {
    // Prepare: a turn limit of two per execution
    process.env.MAX_TURNS_PER_EXECUTION = '2';
    const customer = platform.customer();
    const id = customer.conversationId;

    // Act
    try {
      await customer.send('How long do I have to return an item?');
      await customer.waitFor(atLeast(1, 'assistant'));
      await customer.send('thanks!');
      await customer.waitFor(atLeast(2, 'assistant'));
      await platform.runtime.engine.waitForExecution(
        platform.executionArn(id),
        WAIT_MS,
      );
    } finally {
      delete process.env.MAX_TURNS_PER_EXECUTION;
    }

    // Assess
    expect(enteredStates(platform.history(id)).slice(-5)).toEqual([
      'Understand',
      'Route',
      'DeliverThenContinue',
      'ContinueAsNew',
      'Continued',
    ]);
    expect(platform.executionNames(id)).toEqual([
      `quick_${id}_1`,
      `quick_${id}_2`,
    ]);
  });
});
