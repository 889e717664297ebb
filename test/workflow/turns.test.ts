import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countStateTransitions } from '../../local/engine';
import {
  atLeast,
  delaying,
  enteredStates,
  failing,
  fromNthEntry,
  Platform,
} from './harness';

const RETURNS_QUESTION = 'How long do I have to return an item?';
const PAYMENT_QUESTION = 'Which payment methods do you accept?';

/** The states of a turn answered from knowledge, in order. */
const KNOWLEDGE_TURN = [
  'Understand',
  'Route',
  'Retrieve',
  'Respond',
  'AfterRespond',
  'DeliverAndAwait',
];

const platform = new Platform();

beforeAll(() => platform.start());
afterAll(() => platform.stop());

describe('a turn of the conversation workflow', () => {
  it('answers a knowledge question with a citation and parks in DeliverAndAwait', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;

    // Act
    await customer.send(RETURNS_QUESTION);
    const first = await customer.waitFor(atLeast(1, 'assistant'));
    await platform.parked(id);
    const firstTurn = fromNthEntry(platform.history(id), 'Understand', 1);
    const parkedStatus = platform.runtime.engine.describeExecution(
      platform.executionArn(id),
    ).status;

    // Assess
    expect(first.messages.map((m) => m.role)).toEqual([
      'customer',
      'assistant',
    ]);
    expect(first.messages[0]?.text).toBe(RETURNS_QUESTION);
    expect(first.messages[1]?.citations?.length).toBeGreaterThan(0);
    expect(parkedStatus).toBe('RUNNING');
    expect(enteredStates(firstTurn)).toEqual(KNOWLEDGE_TURN);
    expect(countStateTransitions(firstTurn)).toBe(6);
  });

  it('continues the same execution for the next message', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    await customer.send(RETURNS_QUESTION);
    await customer.waitFor(atLeast(1, 'assistant'));
    await platform.parked(id);

    // Act
    await customer.send(PAYMENT_QUESTION);
    const transcript = await customer.waitFor(atLeast(2, 'assistant'));
    await platform.parked(id);

    // Assess
    const history = platform.history(id);
    const secondTurn = fromNthEntry(history, 'Understand', 2);
    expect(transcript.messages.map((m) => m.role)).toEqual([
      'customer',
      'assistant',
      'customer',
      'assistant',
    ]);
    expect(transcript.messages[2]?.text).toBe(PAYMENT_QUESTION);
    expect(platform.executionNames(id)).toEqual([`quick_${id}_1`]);
    expect((await platform.turns(id)).map((t) => t.index)).toEqual([1, 2]);
    expect(enteredStates(secondTurn)).toEqual(KNOWLEDGE_TURN);
    expect(countStateTransitions(secondTurn)).toBe(6);
  });

  it('answers a greeting without retrieval or a model call', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;

    // Act
    await customer.send('Hello!');
    const transcript = await customer.waitFor(atLeast(1, 'assistant'));
    await platform.parked(id);

    // Assess
    const states = enteredStates(platform.history(id));
    const [turn] = await platform.turns(id);
    expect(states).toEqual(['Begin', 'Understand', 'Route', 'DeliverAndAwait']);
    expect(states).not.toContain('Retrieve');
    expect(states).not.toContain('Respond');
    expect(transcript.messages.map((m) => m.role)).toEqual([
      'customer',
      'assistant',
    ]);
    expect(transcript.messages[1]?.text).toBe(
      'Hello! How can I help you today?',
    );
    expect(transcript.messages[1]?.citations ?? []).toEqual([]);
    expect(turn).toMatchObject({
      route: 'smalltalk',
      intent: 'greeting',
      language: 'en',
      usage: { calls: 0 },
    });
  });

  it('answers thanks after a knowledge turn in three transitions, whatever the earlier turn left', async () => {
    // Prepare: the first turn leaves the respond step's output in the state
    const customer = platform.customer();
    const id = customer.conversationId;
    await customer.send(RETURNS_QUESTION);
    await customer.waitFor(atLeast(1, 'assistant'));
    await platform.parked(id);

    // Act
    await customer.send('Gracias!');
    const transcript = await customer.waitFor(atLeast(2, 'assistant'));
    await platform.parked(id);

    // Assess
    const secondTurn = fromNthEntry(platform.history(id), 'Understand', 2);
    expect(enteredStates(secondTurn)).toEqual([
      'Understand',
      'Route',
      'DeliverAndAwait',
    ]);
    expect(countStateTransitions(secondTurn)).toBe(3);
    expect(transcript.messages.at(-1)?.text).toBe(
      '¡De nada! ¿Hay algo más en lo que pueda ayudarte?',
    );
  });

  it('retries a transient respond failure and replies once', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    platform.faults.set(id, failing('respond', 'TransientError'));

    // Act
    await customer.send(RETURNS_QUESTION);
    await customer.waitFor(atLeast(1, 'assistant'));
    await platform.parked(id);

    // Assess
    const history = platform.history(id);
    const failed = history.findIndex(
      (e) =>
        e.type === 'TaskFailed' &&
        e.taskFailedEventDetails?.error === 'TransientError',
    );
    const respondExited = history.findIndex(
      (e) =>
        e.type === 'TaskStateExited' &&
        e.stateExitedEventDetails?.name === 'Respond',
    );
    const transcript = await customer.read();
    expect(failed).toBeGreaterThan(-1);
    expect(respondExited).toBeGreaterThan(failed);
    expect(history.slice(failed, respondExited).map((e) => e.type)).toContain(
      'TaskSucceeded',
    );
    expect(enteredStates(history)).not.toContain('ModelFailed');
    expect(transcript.messages.map((m) => m.role)).toEqual([
      'customer',
      'assistant',
    ]);
  });

  it('answers messages that arrive while a turn is busy, each exactly once', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;
    platform.faults.set(
      id,
      delaying('respond', 400, (payload) => payload.index === 1),
    );

    // Act
    await customer.send(RETURNS_QUESTION);
    await customer.send(PAYMENT_QUESTION);
    await customer.send('Do you ship to Canada?');
    const head = await platform.parked(id);

    // Assess
    const messages = await platform.messages(id);
    const turns = await platform.turns(id);
    const customerSequences = messages
      .filter((m) => m.sender === 'customer')
      .map((m) => m.sequence);
    const replies = messages.filter((m) => m.sender === 'assistant');
    expect(customerSequences).toEqual([1, 2, 3]);
    // All three were stored before the first reply: they came in while busy.
    expect(replies[0]?.sequence).toBe(4);
    expect(head.lastAnswered).toBe(Math.max(...customerSequences));
    expect(turns.flatMap((t) => t.sequences)).toEqual(customerSequences);
    expect(replies.map((m) => m.messageId)).toEqual(
      turns.map((t) => `out-1-${t.index}`),
    );
    for (const [i, turn] of turns.entries()) {
      expect(replies[i]?.sequence).toBeGreaterThan(Math.max(...turn.sequences));
    }
    expect(platform.executionNames(id)).toEqual([`quick_${id}_1`]);
  });

  it('stores a repeated message id once and answers it once', async () => {
    // Prepare
    const customer = platform.customer();
    const id = customer.conversationId;

    // Act
    const first = await customer.send(RETURNS_QUESTION, 'm-1');
    const repeat = await customer.send(RETURNS_QUESTION, 'm-1');
    await customer.waitFor(atLeast(1, 'assistant'));
    const concurrent = await Promise.all([
      customer.send(PAYMENT_QUESTION, 'm-2'),
      customer.send(PAYMENT_QUESTION, 'm-2'),
    ]);
    await customer.waitFor(atLeast(2, 'assistant'));
    await platform.parked(id);

    // Assess
    const messages = await platform.messages(id);
    const concurrentBodies = concurrent.map((r) => r.body);
    expect(first.body).toMatchObject({ sequence: 1, duplicate: false });
    expect(repeat.body).toMatchObject({ sequence: 1, duplicate: true });
    expect(concurrent.map((r) => r.status)).toEqual([202, 202]);
    expect(concurrentBodies.map((b) => b.duplicate).sort()).toEqual([
      false,
      true,
    ]);
    expect(concurrentBodies[0]?.sequence).toBe(concurrentBodies[1]?.sequence);
    expect(
      messages.filter((m) => m.sender === 'customer').map((m) => m.messageId),
    ).toEqual(['m-1', 'm-2']);
    expect(messages.filter((m) => m.sender === 'assistant')).toHaveLength(2);
    expect(await platform.turns(id)).toHaveLength(2);
  });

  it('answers an order question with a tool and no retrieval', async () => {
    // Prepare
    const orders = JSON.parse(
      readFileSync(
        join(__dirname, '../../tenants/demo/store/orders.json'),
        'utf8',
      ),
    ) as Record<string, { status: string }>;
    // An order of the demo store's user maya_lindqvist_2417.
    const order = orders['#W3308846'];
    const customer = platform.customer();
    const id = customer.conversationId;

    // Act
    await customer.send('What is the status of order #W3308846?');
    const transcript = await customer.waitFor(atLeast(1, 'assistant'));
    await platform.parked(id);

    // Assess
    const [turn] = await platform.turns(id);
    const states = enteredStates(platform.history(id));
    expect(states.slice(0, 8)).toEqual([
      'Begin',
      'Understand',
      'Route',
      'Respond',
      'AfterRespond',
      'Act',
      'AfterAct',
      'Respond',
    ]);
    expect(states).not.toContain('Retrieve');
    expect(turn).toMatchObject({ route: 'tool', passages: [] });
    expect(turn?.toolCalls).toEqual([
      expect.objectContaining({
        name: 'get_order_details',
        status: 'succeeded',
      }),
    ]);
    expect(transcript.messages.at(-1)?.text).toContain(order?.status);
  });
});
