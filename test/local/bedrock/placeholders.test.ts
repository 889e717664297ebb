import {
  enabledTools,
  TOOL_CATALOGUE,
  toolConfiguration,
} from '../../../functions/shared/tool-catalogue';
import { offlineConverse } from '../../../local/bedrock/offline-model';
import { extractValue } from '../../../local/bedrock/tool-arguments';
import type { ConverseRequestJson } from '../../../local/bedrock/wire';

type Message = NonNullable<ConverseRequestJson['messages']>[number];

const READ_TOOLS = Object.values(TOOL_CATALOGUE)
  .filter((tool) => tool.risk === 'read')
  .map((tool) => tool.name);
const TOOL_CONFIG = JSON.parse(
  JSON.stringify(toolConfiguration(enabledTools(READ_TOOLS))),
);

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });

function firstBlock(messages: Message[]) {
  const response = offlineConverse({
    system: [{ text: 'You are Ava of Demo Store.' }],
    messages,
    toolConfig: TOOL_CONFIG,
  });
  return response.output.message.content[0];
}

describe('placeholders as argument values', () => {
  it.each([
    ['email', { format: 'email' }, 'mail [EMAIL_2] please', '[EMAIL_2]'],
    ['email', {}, 'it is [EMAIL_1]', '[EMAIL_1]'],
    ['phone_number', {}, 'call [PHONE_1]', '[PHONE_1]'],
    ['address1', {}, 'ship to [ADDRESS_3]', '[ADDRESS_3]'],
    ['card_number', {}, 'use [CARD_1]', '[CARD_1]'],
    ['iban', {}, 'pay to [IBAN_1]', '[IBAN_1]'],
    ['ssn', {}, 'mine is [SSN_1]', '[SSN_1]'],
    ['email', { format: 'email' }, 'card [CARD_1]', undefined],
    ['order_id', { pattern: '^#W\\d{7}$' }, 'mail [EMAIL_1]', undefined],
    ['first_name', {}, 'I am [EMAIL_1]', undefined],
  ])('reads %s (%j) from %j as %j', (name, schema, text, expected) => {
    // Act
    const value = extractValue(name, schema, text);

    // Assess
    expect(value).toBe(expected);
  });

  it('prefers a written email to a placeholder', () => {
    // Act
    const value = extractValue(
      'email',
      { format: 'email' },
      'a@example.com or [EMAIL_1]',
    );

    // Assess
    expect(value).toBe('a@example.com');
  });

  it.each([
    ['my email is [EMAIL_1], where is my order #W3308846'],
    ['My email is [EMAIL_1]'],
  ])('looks the user up by the placeholder in %j', (text) => {
    // Act
    const block = firstBlock([user(text)]);

    // Assess
    expect(block).toEqual({
      toolUse: expect.objectContaining({
        name: 'find_user_id_by_email',
        input: { email: '[EMAIL_1]' },
      }),
    });
  });

  it('goes on to the order once the user id is found', () => {
    // Prepare
    const messages: Message[] = [
      user('my email is [EMAIL_1], where is my order #W3308846'),
      {
        role: 'assistant',
        content: [
          {
            toolUse: {
              toolUseId: 'tooluse_1',
              name: 'find_user_id_by_email',
              input: { email: '[EMAIL_1]' },
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
              content: [{ json: { result: 'maya_lindqvist_2417' } }],
              status: 'success',
            },
          },
        ],
      },
    ];

    // Act
    const block = firstBlock(messages);

    // Assess
    expect(block).toEqual({
      toolUse: expect.objectContaining({
        name: 'get_order_details',
        input: { order_id: '#W3308846' },
      }),
    });
  });
});
