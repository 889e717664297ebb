import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { clearPendingConfirmation } from '../../functions/shared/conversations';
import { SK } from '../../functions/shared/keys';
import { clearTenantCache } from '../../functions/shared/tenants';
import {
  CHANGE_ANSWER_INTENT,
  understand,
} from '../../functions/understand/understand';
import type { Conversation } from '../../schemas/conversation';
import type { ToolCall } from '../../schemas/turn';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  AT,
  CONVERSATIONS,
  head,
  headItem,
  message,
  PK,
  ref,
  seedConversation,
  tenantConfig,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

/**
 * The customer's turn after the assistant put a change to them: a yes or a
 * no carries the waiting call into the new turn; any turn ends the wait.
 */
const ddb = mockClient(DynamoDBDocumentClient);
let tables: FakeTables;

const CHANGE =
  'cancel order #W5520914 (reason: no longer needed); refund of $18.89';
const QUESTION = `I can ${CHANGE}. Shall I go ahead? Reply yes or no.`;
/** Seconds after the question that the customer answers. */
const LATER = new Date(Date.parse(AT) + 60_000);

const asked = (overrides: Partial<ToolCall> = {}): ToolCall => ({
  id: 'tooluse-socks',
  name: 'cancel_pending_order',
  input: { order_id: '#W5520914', reason: 'no longer needed' },
  status: 'awaiting_confirmation',
  result: JSON.stringify({ status: 'awaiting_confirmation', change: CHANGE }),
  round: 2,
  latencyMs: 8,
  ...overrides,
});

const waiting: Conversation['pendingConfirmation'] = {
  segment: 1,
  index: 1,
  callId: 'tooluse-socks',
  askedAt: AT,
};

/** Turn 1 asked about the change; the customer now wrote `answers`. */
function given(
  answers: readonly string[],
  options: {
    call?: ToolCall;
    pending?: Conversation['pendingConfirmation'] | null;
    turnStored?: boolean;
  } = {},
) {
  const messages = [
    message(1, 'customer', 'Please cancel my order #W5520914'),
    message(2, 'assistant', QUESTION),
    ...answers.map((text, i) => message(3 + i, 'customer', text)),
  ];
  const pending =
    options.pending === null
      ? {}
      : { pendingConfirmation: options.pending ?? waiting };
  seedConversation(tables, {
    head: head({
      lastSequence: messages.length,
      lastAnswered: 1,
      turns: 1,
      ...pending,
    }),
    messages,
    turns:
      options.turnStored === false
        ? []
        : [
            turn({
              index: 1,
              route: 'tool',
              toolCalls: [options.call ?? asked()],
            }),
          ],
    config: tenantConfig({ tools: { enabled: ['cancel_pending_order'] } }),
  });
}

const secondTurn = () => understand({ ...ref(), previousIndex: 1 }, LATER);

beforeEach(() => {
  ddb.reset();
  clearTenantCache();
  tables = new FakeTables(ddb);
});

describe('understand after a change was put to the customer', () => {
  it.each([['Yes please'], ['ok'], ['Sí, por favor'], ['Oui']])(
    'carries %j into the new turn as a confirmed call',
    async (text) => {
      // Prepare
      given([text]);

      // Act
      const output = await secondTurn();

      // Assess
      expect(output).toMatchObject({
        index: 2,
        route: 'tool',
        intent: CHANGE_ANSWER_INTENT.requested,
        confidence: 1,
      });
      const stored = turnItem(tables, 2);
      expect(stored.toolCalls).toEqual([
        {
          id: 'tooluse-socks',
          name: 'cancel_pending_order',
          input: { order_id: '#W5520914', reason: 'no longer needed' },
          status: 'requested',
          confirmed: true,
          round: 1,
        },
      ]);
      expect(stored.toolRounds).toBe(1);
      expect(stored.reply).toBeUndefined();
    },
  );

  it.each([['No'], ['no thanks'], ['Nein'], ['wait']])(
    'carries %j into the new turn as a declined call',
    async (text) => {
      // Prepare
      given([text]);

      // Act
      const output = await secondTurn();

      // Assess
      expect(output).toMatchObject({
        route: 'tool',
        intent: CHANGE_ANSWER_INTENT.declined,
      });
      const [call] = turnItem(tables, 2).toolCalls;
      expect(call).toMatchObject({ status: 'declined', round: 1 });
      expect(JSON.parse(call?.result ?? '')).toMatchObject({
        status: 'declined',
        change: CHANGE,
      });
    },
  );

  it.each([
    ['a new question', ['What about my order #W4817203?']],
    ['a hedged yes', ['yes but only the socks']],
    ['a yes with a further request', ['yes and also change my address']],
    ['a request that opens with please', ['please cancel my other order']],
    ['a yes taken back by the next message', ['yes', 'but only the socks']],
  ])('drops the change on %s', async (_, texts) => {
    // Prepare
    given(texts);

    // Act
    const output = await secondTurn();

    // Assess
    expect(output.intent).not.toMatch(/^change_/);
    expect(turnItem(tables, 2).toolCalls).toEqual([]);
    expect(headItem(tables).pendingConfirmation).toBeUndefined();
  });

  it('ends the wait for a yes, whatever the turn says', async () => {
    // Prepare
    given(['yes']);

    // Act
    await secondTurn();

    // Assess
    expect(headItem(tables).pendingConfirmation).toBeUndefined();
    expect(turnItem(tables, 1).toolCalls).toEqual([asked()]);
  });

  it.each([
    [
      'asked longer ago than the idle timeout',
      { pending: { ...waiting, askedAt: '2026-12-03T09:44:59.000Z' } },
    ],
    ['whose call no longer waits', { call: asked({ status: 'declined' }) }],
    [
      'naming another call',
      { pending: { ...waiting, callId: 'tooluse-other' } },
    ],
    ['whose turn is not stored', { turnStored: false }],
  ])('ignores a change %s', async (_, options) => {
    // Prepare
    given(['yes'], options);

    // Act
    const output = await secondTurn();

    // Assess
    expect(output.intent).not.toMatch(/^change_/);
    expect(turnItem(tables, 2).toolCalls).toEqual([]);
    expect(headItem(tables).pendingConfirmation).toBeUndefined();
  });

  it('answers a yes up to the idle timeout after the question', async () => {
    // Prepare
    given(['yes'], {
      pending: { ...waiting, askedAt: '2026-12-03T09:46:00.000Z' },
    });

    // Act
    const output = await secondTurn();

    // Assess
    expect(output.intent).toBe(CHANGE_ANSWER_INTENT.requested);
  });

  it('reads "ok" as small talk when no change waits', async () => {
    // Prepare
    given(['ok'], { pending: null });

    // Act
    const output = await secondTurn();

    // Assess
    expect(output.route).not.toBe('tool');
    expect(turnItem(tables, 2).toolCalls).toEqual([]);
    const headWrites = ddb
      .commandCalls(UpdateCommand)
      .filter((c) => c.args[0].input.Key?.sk === SK.head);
    expect(headWrites).toEqual([]);
  });

  it('carries the same call when the step is retried', async () => {
    // Prepare
    given(['yes']);
    await secondTurn();
    const first = turnItem(tables, 2);

    // Act
    const output = await secondTurn();

    // Assess
    expect(output).toMatchObject({ index: 2, route: 'tool' });
    expect(turnItem(tables, 2)).toEqual(first);
    expect(first.toolCalls[0]).toMatchObject({ confirmed: true });
  });
});

describe('clearPendingConfirmation', () => {
  it.each([
    ['the call it names', 'tooluse-socks', true],
    ['another call', 'tooluse-other', false],
  ])('forgets the change when asked about %s', async (_, callId, removed) => {
    // Prepare
    given(['yes']);

    // Act
    const done = await clearPendingConfirmation(ref(), callId);

    // Assess
    expect(done).toBe(removed);
    const item = tables.get(CONVERSATIONS, PK, SK.head);
    expect(item?.pendingConfirmation).toEqual(removed ? undefined : waiting);
  });
});
