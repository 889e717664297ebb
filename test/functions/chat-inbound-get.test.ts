import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { httpEvent } from '../support/http-event';
import {
  AT,
  call,
  ddb,
  given,
  head,
  message,
  READ_PATH,
  resetWorld,
  TOKEN,
} from './chat-inbound-world';

beforeEach(() => {
  resetWorld();
});

describe('GET a conversation', () => {
  const read = (token?: string, query?: Record<string, string>) =>
    call(httpEvent('GET', READ_PATH, { token, query }));

  it('returns the status and messages without notes', async () => {
    // Prepare
    const citations = [{ id: 'faq-1', title: 'Returns', url: 'https://x.y' }];
    given({
      heads: [head({ status: 'handoff' })],
      messages: [
        message(3),
        message(4, { sender: 'note', text: 'agent note' }),
        message(5, {
          sender: 'assistant',
          direction: 'outbound',
          citations,
          offlineModel: true,
        }),
      ],
    });

    // Act
    const response = await read(TOKEN, { after: '2' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'handoff',
      messages: [
        { sequence: 3, role: 'customer', text: 'message 3', at: AT },
        {
          sequence: 5,
          role: 'assistant',
          text: 'message 5',
          at: AT,
          citations,
          offlineModel: true,
        },
      ],
    });
    const [query] = ddb.commandCalls(QueryCommand);
    expect(query?.args[0].input.ExpressionAttributeValues?.[':from']).toBe(
      'MSG#0000000003',
    );
  });

  it('returns at most 100 messages and where to go on', async () => {
    // Prepare
    const page = Array.from({ length: 101 }, (_, i) => message(i + 1));
    given({ heads: [head()], messages: page });

    // Act
    const response = await read(TOKEN);

    // Assess
    expect(response.body.messages).toHaveLength(100);
    expect(response.body.nextAfter).toBe(100);
    const [query] = ddb.commandCalls(QueryCommand);
    expect(query?.args[0].input.Limit).toBe(101);
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'someone-else'],
  ])('returns 401 with %s', async (_, token) => {
    // Prepare
    given({ heads: [head()] });

    // Act
    const response = await read(token);

    // Assess
    expect(response.status).toBe(401);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('returns 401 for an unknown conversation without a token', async () => {
    // Prepare
    given({ heads: [undefined] });

    // Act
    const response = await read();

    // Assess
    expect(response.status).toBe(401);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('returns 404 for an unknown conversation with a token', async () => {
    // Prepare
    given({ heads: [undefined] });

    // Act
    const response = await read(TOKEN);

    // Assess
    expect(response.status).toBe(404);
  });

  it.each([['-1'], ['abc'], ['1.5']])(
    'returns 400 for after=%s',
    async (after) => {
      // Prepare
      given({ heads: [head()] });

      // Act
      const response = await read(TOKEN, { after });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/after/);
    },
  );
});
