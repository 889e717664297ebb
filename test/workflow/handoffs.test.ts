import { UNANSWERED_NOTICE } from '../../functions/handoff/expire';
import { ConversationClosedEventSchema } from '../../schemas/conversation-closed';
import {
  atLeast,
  enteredStates,
  failing,
  Platform,
  TENANT,
  WAIT_MS,
  waitUntil,
} from './harness';

const RETURNS_QUESTION = 'How long do I have to return an item?';

const platform = new Platform();

beforeAll(() => platform.start());
afterAll(() => platform.stop());

const lastEntered = (conversationId: string) =>
  enteredStates(platform.history(conversationId)).at(-1);

describe('handoffs of the conversation workflow', () => {
  it('hands off to a person when the model keeps failing, and takes it back', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    platform.faults.set(id, failing('respond', 'ModelError', Infinity));

    // Act
    await customer.send(RETURNS_QUESTION);
    const handedOff = await customer.waitFor(
      (t) => t.status === 'handoff' && atLeast(1, 'system')(t),
    );
    const open = await platform.openHandoff(id);
    const stored = await platform.storedHandoff(open.handoffId);
    const handBack = await platform.agent(
      'POST',
      `/tenants/${TENANT}/handoffs/${open.handoffId}/hand-back`,
      { note: 'Refund approved; tell the customer it takes 5 days.' },
    );
    await waitUntil(
      () => lastEntered(id) === 'AwaitCustomer',
      'the workflow to await the customer',
    );
    const back = await customer.waitFor((t) => t.status === 'active');

    // Assess
    expect(enteredStates(platform.history(id))).toContain('ModelFailed');
    expect(handedOff.messages.map((m) => m.role)).toEqual([
      'customer',
      'system',
    ]);
    expect(open).toMatchObject({ reason: 'model_failure', status: 'open' });
    expect(open.summary.trim()).not.toBe('');
    expect(typeof stored.taskToken).toBe('string');
    expect(JSON.stringify(open.raw.body)).not.toContain(stored.taskToken);
    expect(JSON.stringify(open.raw.body)).not.toContain('taskToken');
    expect(handBack.status).toBe(200);
    expect(handBack.body).toMatchObject({
      handoff: { status: 'handed_back' },
    });
    expect(JSON.stringify(handBack.body)).not.toContain(stored.taskToken);
    expect(back.messages.map((m) => m.role)).toEqual(['customer', 'system']);
  });

  it('hands a request for a person straight to the agents and closes when one resolves it', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    await customer.send('I want to talk to a human please');
    const open = await platform.openHandoff(id);

    // Act
    const resolved = await platform.agent(
      'POST',
      `/tenants/${TENANT}/handoffs/${open.handoffId}/resolve`,
    );
    const ended = await platform.runtime.engine.waitForExecution(
      platform.executionArn(id),
      WAIT_MS,
    );
    const event = await platform.closedEvent(id);

    // Assess
    const states = enteredStates(platform.history(id));
    expect(states.slice(0, 5)).toEqual([
      'Begin',
      'Understand',
      'Route',
      'CustomerAskedForHuman',
      'Handoff',
    ]);
    expect(states).not.toContain('Retrieve');
    expect(states).not.toContain('Respond');
    expect(open.reason).toBe('customer_request');
    expect(resolved.status).toBe(200);
    expect(ended.status).toBe('SUCCEEDED');
    expect(enteredStates(platform.history(id)).slice(-3)).toEqual([
      'AgentResolved',
      'Close',
      'Closed',
    ]);
    expect((await platform.head(id)).status).toBe('closed');
    expect(event['detail-type']).toBe('Conversation Closed');
    expect(ConversationClosedEventSchema.parse(event.detail)).toMatchObject({
      conversationId: id,
      reason: 'resolved_by_agent',
      handedOff: true,
    });
  });

  it('tells the customer when nobody answers and lets the assistant go on', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    await customer.send('Can I speak to a real person?');
    const open = await platform.openHandoff(id);

    // Act
    const told = await customer.waitFor((t) =>
      t.messages.some((m) => m.text === UNANSWERED_NOTICE),
    );
    await customer.send(RETURNS_QUESTION);
    const answered = await customer.waitFor(atLeast(1, 'assistant'));

    // Assess
    const expired = await platform.agent(
      'GET',
      `/tenants/${TENANT}/handoffs?status=expired`,
    );
    expect(enteredStates(platform.history(id))).toContain('HandoffUnanswered');
    expect(told.messages.map((m) => m.role)).toEqual([
      'customer',
      'system',
      'system',
    ]);
    expect((await platform.head(id)).handoffUnanswered).toBe(true);
    expect(expired.body.handoffs).toContainEqual(
      expect.objectContaining({ handoffId: open.handoffId, status: 'expired' }),
    );
    expect(answered.messages.at(-1)).toMatchObject({ role: 'assistant' });
    expect(answered.messages.at(-1)?.citations?.length).toBeGreaterThan(0);
  });
});
