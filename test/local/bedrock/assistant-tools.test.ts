import {
  enabledTools,
  TOOL_CATALOGUE,
  toolConfiguration,
} from '../../../functions/shared/tool-catalogue';
import {
  ASSISTANT_TOOL_NAMES,
  arithmeticIn,
} from '../../../local/bedrock/arithmetic';
import { offlineConverse } from '../../../local/bedrock/offline-model';
import type { ConverseRequestJson } from '../../../local/bedrock/wire';

type Message = NonNullable<ConverseRequestJson['messages']>[number];

/** Every read tool, the assistant's own among them, as on the wire. */
const TOOL_CONFIG = JSON.parse(
  JSON.stringify(
    toolConfiguration(
      enabledTools(
        Object.values(TOOL_CATALOGUE)
          .filter((tool) => tool.risk === 'read')
          .map((tool) => tool.name),
      ),
    ),
  ),
);

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });

function converse(messages: Message[]) {
  const response = offlineConverse({
    system: [{ text: 'You are Ava of Demo Store.' }],
    messages,
    toolConfig: TOOL_CONFIG,
  });
  const [block] = response.output.message.content;
  const text = block && 'text' in block ? block.text : '';
  const use = block && 'toolUse' in block ? block.toolUse : undefined;
  return { text, use };
}

describe('arithmeticIn', () => {
  it.each([
    ['What is 12.5 * 4 + 3?', '12.5 * 4 + 3'],
    ['how much is (20 + 5) / 5 please', '(20 + 5) / 5'],
    ['Total of 199.99+45.50 for both?', '199.99+45.50'],
    ['is 100 - 15 right?', '100 - 15'],
  ])('finds the expression in %j', (text, expected) => {
    // Act
    const expression = arithmeticIn(text);

    // Assess
    expect(expression).toBe(expected);
  });

  it.each([
    'Where is my order #W1234567?',
    'I ordered on 2024-05-01, call me at 555-0100',
    'I bought 2 tents and 3 lamps',
    'Can I pay with a gift card?',
    'What is 5 / 0?',
  ])('finds none in %j', (text) => {
    // Act
    const expression = arithmeticIn(text);

    // Assess
    expect(expression).toBeUndefined();
  });
});

describe('offline model with the assistant’s own tools', () => {
  it('calls calculate for arithmetic in the customer’s text', () => {
    // Act
    const { use } = converse([user('What is 12.5 * 4 + 3?')]);

    // Assess
    expect(use).toMatchObject({
      name: 'calculate',
      input: { expression: '12.5 * 4 + 3' },
    });
  });

  it('replies with the value calculate returned', () => {
    // Prepare
    const messages: Message[] = [
      user('What is 12.5 * 4 + 3?'),
      {
        role: 'assistant',
        content: [
          {
            toolUse: {
              toolUseId: 'tooluse_1',
              name: 'calculate',
              input: { expression: '12.5 * 4 + 3' },
            },
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            toolResult: {
              toolUseId: 'tooluse_1',
              content: [{ json: { result: '53.0' } }],
              status: 'success',
            },
          },
        ],
      },
    ];

    // Act
    const { text, use } = converse(messages);

    // Assess
    expect(use).toBeUndefined();
    expect(text).toBe('That comes to 53.0.');
  });

  it.each([
    'How long does delivery take?',
    'Where is my order #W1234567?',
    'I want to talk to a human agent',
    'Let me think about it and transfer the money later',
    'Please calculate my refund',
    'I ordered on 2024-05-01, call me at 555-0100',
  ])('calls none of them for %j', (text) => {
    // Act
    const { use } = converse([user(text)]);

    // Assess
    expect(ASSISTANT_TOOL_NAMES.has(use?.name ?? '')).toBe(false);
  });
});
