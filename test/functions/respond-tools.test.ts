import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { respond } from '../../functions/respond/respond';
import {
  bedrock,
  call,
  INPUT,
  resetWorld,
  seed,
  sentRequest,
  storedTurn,
} from './respond-world';
import { textAnswer } from './workflow-steps/fixtures';

/** Tool rounds: the calls the model asks for, their results, their limit. */

beforeEach(resetWorld);

describe('respond', () => {
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
    const stored = storedTurn();
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
});
