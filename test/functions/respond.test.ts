import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  InternalServerException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { respond } from '../../functions/respond/respond';
import { ModelError, TransientError } from '../../functions/shared/errors';
import { logger } from '../../functions/shared/observability';
import { CITATION_RULE } from '../../functions/shared/prompt-format';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { Message } from '../../schemas/message';
import type { Passage, ToolCall } from '../../schemas/turn';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  message,
  ref,
  seedConversation,
  tenantConfig,
  textAnswer,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const bedrock = mockClient(BedrockRuntimeClient);
let tables: FakeTables;

const INPUT = { ...ref(), index: 1 };

const passage = (id: string, title: string, url?: string): Passage => ({
  id,
  documentId: id.split('#')[0] ?? id,
  title,
  ...(url ? { url } : {}),
  text: `Text of ${id}`,
  score: 0.8,
});

const call = (overrides: Partial<ToolCall> = {}): ToolCall => ({
  id: 'tool-1',
  name: 'get_order_details',
  input: { order_id: '#W1234567' },
  status: 'succeeded',
  result: '{"status":"delivered"}',
  round: 1,
  ...overrides,
});

const sentRequest = (n = 0): ConverseCommandInput => {
  const calls = bedrock.commandCalls(ConverseCommand);
  const request = calls[n]?.args[0].input;
  if (!request) throw new Error(`No Converse call #${n}`);
  return request;
};

const seed = (
  options: {
    messages?: Message[];
    turn?: Parameters<typeof turn>[0];
    config?: Record<string, unknown>;
  } = {},
) => {
  const messages = options.messages ?? [
    message(1, 'customer', 'Where is my order?'),
  ];
  seedConversation(tables, {
    messages,
    turns: [
      turn({ sequences: [messages.at(-1)?.sequence ?? 1], ...options.turn }),
    ],
    config: tenantConfig(options.config),
  });
};

beforeEach(() => {
  ddb.reset();
  bedrock.reset();
  clearTenantCache();
  tables = new FakeTables(ddb);
});

describe('respond', () => {
  it('hands off without calling the model when the turn asks for a human', async () => {
    // Prepare
    seed({ turn: { route: 'handoff', intent: 'handoff_request' } });

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output).toEqual({ action: 'handoff', reason: 'customer_request' });
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('stores the reply with only the citations of retrieved passages', async () => {
    // Prepare
    seed({
      turn: {
        passages: [passage('returns#2', 'Returns', 'https://x.test/r')],
        usage: { inputTokens: 10, outputTokens: 5, calls: 1 },
      },
    });
    bedrock.on(ConverseCommand).resolves(
      textAnswer('You have 30 days [[returns#2]]. Ask again [[made-up#1]].', {
        additionalModelResponseFields: { offlineModel: true },
      }),
    );

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output).toEqual({ action: 'reply', reason: 'none' });
    const stored = turnItem(tables);
    expect(stored.reply).toEqual({
      text: 'You have 30 days. Ask again.',
      citations: [
        { id: 'returns#2', title: 'Returns', url: 'https://x.test/r' },
      ],
      offlineModel: true,
    });
    expect(stored.usage).toEqual({
      inputTokens: 110,
      outputTokens: 25,
      calls: 2,
    });
    expect(stored.latencyMs.respond).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['cites none of the passages it was given', 'You have 30 days.', true],
    ['cites a passage', 'You have 30 days [[returns#2]].', false],
  ])('flags a knowledge reply that %s', async (_, answer, uncited) => {
    // Prepare
    seed({ turn: { passages: [passage('returns#2', 'Returns')] } });
    bedrock.on(ConverseCommand).resolves(textAnswer(answer));
    const info = jest.spyOn(logger, 'info');

    // Act
    await respond(INPUT);

    // Assess
    expect(info).toHaveBeenCalledWith(
      'Reply stored',
      expect.objectContaining({ uncited_knowledge: uncited }),
    );
    info.mockRestore();
  });

  it('grounds the system prompt in persona, rules, passages and agent notes', async () => {
    // Prepare
    seed({
      messages: [
        message(1, 'customer', 'Where is my order?'),
        message(2, 'note', 'Customer is a VIP'),
      ],
      turn: { sequences: [1], passages: [passage('faq#1', 'FAQ')] },
    });
    bedrock.on(ConverseCommand).resolves(textAnswer('On its way.'));

    // Act
    await respond(INPUT);

    // Assess
    const request = sentRequest();
    const system = request.system?.[0]?.text ?? '';
    expect(request.modelId).toBe(process.env.BEDROCK_MODEL_ID);
    expect(system).toMatch(
      /^You are Ava, the customer service assistant of Acme\./,
    );
    expect(system).toContain('Be warm.');
    expect(system).toContain('- Reply in English (en), the customer');
    expect(system).toContain(CITATION_RULE);
    expect(system).toContain(
      '<passage id="faq#1" title="FAQ">\nText of faq#1\n</passage>',
    );
    expect(system).toContain(
      '<agent_notes note="from human colleagues, for you only">\n- Customer is a VIP',
    );
    expect(request.toolConfig).toBeUndefined();
  });

  it.each([
    ['es', 'Reply in Spanish (es)'],
    ['pt-BR', 'Reply in Brazilian Portuguese (pt-BR)'],
    ['de', 'Reply in German (de)'],
  ])(
    'tells the model to reply in the turn’s language %s',
    async (language, rule) => {
      // Prepare
      seed({
        messages: [message(1, 'customer', '¿Dónde está mi pedido?')],
        turn: { language },
      });
      bedrock.on(ConverseCommand).resolves(textAnswer('En camino.'));

      // Act
      await respond(INPUT);

      // Assess
      const system = sentRequest().system?.[0]?.text ?? '';
      expect(system).toContain(`- ${rule}, the customer's language`);
      expect(system).not.toContain('Reply in English');
    },
  );

  it('merges the transcript into alternating roles that start with the customer', async () => {
    // Prepare
    seed({
      messages: [
        message(1, 'assistant', 'Welcome!'),
        message(2, 'customer', 'Hi'),
        message(3, 'customer', 'Where is my order?'),
        message(4, 'assistant', 'Let me check.'),
        message(5, 'agent', 'It ships today.'),
        message(6, 'system', 'A member of our team joined.'),
        message(7, 'customer', 'Thanks, and the refund?'),
        message(8, 'customer', 'Written after the turn opened'),
      ],
      turn: { sequences: [7] },
    });
    bedrock.on(ConverseCommand).resolves(textAnswer('Refunds take 5 days.'));

    // Act
    await respond(INPUT);

    // Assess
    expect(sentRequest().messages).toEqual([
      { role: 'user', content: [{ text: 'Hi\n\nWhere is my order?' }] },
      {
        role: 'assistant',
        content: [{ text: 'Let me check.\n\n(human agent) It ships today.' }],
      },
      { role: 'user', content: [{ text: 'Thanks, and the refund?' }] },
    ]);
  });

  it('keeps only the last transcriptWindow dialogue messages', async () => {
    // Prepare
    const messages = [1, 2, 3, 4, 5, 6].map((n) =>
      message(n, n % 2 ? 'customer' : 'assistant', `m${n}`),
    );
    messages.push(message(7, 'customer', 'm7'));
    seed({
      messages,
      turn: { sequences: [7] },
      config: { transcriptWindow: 3 },
    });
    bedrock.on(ConverseCommand).resolves(textAnswer('ok'));

    // Act
    await respond(INPUT);

    // Assess
    expect(sentRequest().messages?.map((m) => m.content?.[0]?.text)).toEqual([
      'm5',
      'm6',
      'm7',
    ]);
  });

  it('records the tool calls the model asks for as a new round', async () => {
    // Prepare
    seed({ config: { tools: { enabled: ['get_order_details'] } } });
    bedrock.on(ConverseCommand).resolves({
      ...textAnswer(''),
      stopReason: 'tool_use',
      output: {
        message: {
          role: 'assistant',
          content: [
            { text: 'Let me look.' },
            {
              toolUse: {
                toolUseId: 'tu-1',
                name: 'get_order_details',
                input: { order_id: '#W1234567' },
              },
            },
          ],
        },
      },
    });

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output).toEqual({ action: 'tool', reason: 'none' });
    expect(sentRequest().toolConfig?.tools?.[0]?.toolSpec?.name).toBe(
      'get_order_details',
    );
    const stored = turnItem(tables);
    expect(stored.toolRounds).toBe(1);
    expect(stored.toolCalls).toEqual([
      {
        id: 'tu-1',
        name: 'get_order_details',
        input: { order_id: '#W1234567' },
        status: 'requested',
        round: 1,
      },
    ]);
    expect(stored.reply).toBeUndefined();
  });

  it('rebuilds earlier tool rounds as toolUse and toolResult blocks', async () => {
    // Prepare
    seed({
      config: { tools: { enabled: ['get_order_details'] } },
      turn: {
        toolRounds: 1,
        toolCalls: [
          call(),
          call({ id: 'tool-2', status: 'failed', result: 'order not found' }),
        ],
      },
    });
    bedrock.on(ConverseCommand).resolves(textAnswer('Delivered.'));

    // Act
    await respond(INPUT);

    // Assess
    const { messages = [], toolConfig } = sentRequest();
    expect(toolConfig).toBeDefined();
    expect(messages.slice(-2)).toEqual([
      {
        role: 'assistant',
        content: [
          {
            toolUse: {
              toolUseId: 'tool-1',
              name: 'get_order_details',
              input: { order_id: '#W1234567' },
            },
          },
          {
            toolUse: {
              toolUseId: 'tool-2',
              name: 'get_order_details',
              input: { order_id: '#W1234567' },
            },
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            toolResult: {
              toolUseId: 'tool-1',
              content: [{ json: { status: 'delivered' } }],
              status: 'success',
            },
          },
          {
            toolResult: {
              toolUseId: 'tool-2',
              content: [{ text: 'order not found' }],
              status: 'error',
            },
          },
        ],
      },
    ]);
  });

  it('offers no tools once the rounds of the turn are spent', async () => {
    // Prepare
    seed({
      config: {
        tools: { enabled: ['get_order_details'], maxToolRoundsPerTurn: 2 },
      },
      turn: {
        toolRounds: 2,
        toolCalls: [call(), call({ id: 'tool-2', round: 2 })],
      },
    });
    bedrock.on(ConverseCommand).resolves(textAnswer('Delivered.'));

    // Act
    const output = await respond(INPUT);

    // Assess
    expect(output.action).toBe('reply');
    const { messages = [], toolConfig, system } = sentRequest();
    expect(toolConfig).toBeUndefined();
    expect(system?.[0]?.text).toContain('No more tool calls are possible');
    const blocks = messages.flatMap((m) => m.content ?? []);
    expect(blocks.some((b) => b.toolUse || b.toolResult)).toBe(false);
    expect(messages.at(-1)?.content?.[0]?.text).toContain(
      '<tool_result name="get_order_details" status="succeeded">',
    );
  });

  it.each([
    [
      'ThrottlingException',
      new ThrottlingException({
        message: 'slow',
        $metadata: { httpStatusCode: 429 },
      }),
      TransientError,
    ],
    [
      'ServiceUnavailableException',
      new ServiceUnavailableException({
        message: 'down',
        $metadata: { httpStatusCode: 503 },
      }),
      TransientError,
    ],
    [
      'InternalServerException',
      new InternalServerException({
        message: 'oops',
        $metadata: { httpStatusCode: 500 },
      }),
      TransientError,
    ],
    [
      'ValidationException',
      new ValidationException({
        message: 'bad',
        $metadata: { httpStatusCode: 400 },
      }),
      ModelError,
    ],
    [
      'AccessDeniedException',
      new AccessDeniedException({
        message: 'no',
        $metadata: { httpStatusCode: 403 },
      }),
      ModelError,
    ],
  ])('maps %s from Bedrock to %p', async (_name, error, expected) => {
    // Prepare
    seed();
    bedrock.on(ConverseCommand).rejects(error);

    // Act
    const act = respond(INPUT);

    // Assess
    await expect(act).rejects.toBeInstanceOf(expected);
    expect(turnItem(tables).reply).toBeUndefined();
  });

  it('throws ModelError on empty output and still counts the call', async () => {
    // Prepare
    seed();
    bedrock.on(ConverseCommand).resolves(textAnswer('   '));

    // Act
    const act = respond(INPUT);

    // Assess
    await expect(act).rejects.toBeInstanceOf(ModelError);
    expect(turnItem(tables).usage.calls).toBe(1);
  });

  it.each([
    [
      'a stored reply',
      { reply: { text: 'Hi', citations: [], offlineModel: false } },
      'reply',
    ],
    [
      'unrun tool calls',
      {
        toolRounds: 1,
        toolCalls: [call({ status: 'requested', result: undefined })],
      },
      'tool',
    ],
  ])(
    'answers a retry from %s without calling the model again',
    async (_case, stored, action) => {
      // Prepare
      seed({ turn: stored });

      // Act
      const output = await respond(INPUT);

      // Assess
      expect(output).toEqual({ action, reason: 'none' });
      expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
    },
  );

  it('uses the tenant’s model when it names one', async () => {
    // Prepare
    seed({ config: { modelId: 'tenant-model' } });
    bedrock.on(ConverseCommand).resolves(textAnswer('ok'));

    // Act
    await respond(INPUT);

    // Assess
    expect(sentRequest().modelId).toBe('tenant-model');
  });
});
