import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { httpEvent } from '../support/http-event';
import {
  call,
  ddb,
  given,
  MESSAGES_PATH,
  post,
  resetWorld,
  sfn,
  validBody,
} from './chat-inbound-world';

beforeEach(() => {
  resetWorld();
});

describe('POST with bad input', () => {
  it.each([
    ['malformed JSON', '{"messageId": "m1", ', /not valid JSON/],
    ['an empty body', '', /empty/],
    ['a missing text', { messageId: 'm1', customerId: 'c1' }, /text/],
    ['a missing messageId', { customerId: 'c1', text: 'hi' }, /messageId/],
    ['an unknown field', { ...validBody(), extra: 1 }, /extra/],
    ['a blank text', validBody({ text: '   ' }), /text must not be empty/],
    [
      'text over 4000 characters',
      validBody({ text: 'a'.repeat(4001) }),
      /4000/,
    ],
    ['a 100 KB text', validBody({ text: 'a'.repeat(100_000) }), /32768 bytes/],
    ['control characters', validBody({ text: 'hi\u0007' }), /control/],
    ['a bad message id', validBody({ messageId: 'a b' }), /messageId/],
  ])('returns 400 for %s before touching storage', async (_, body, message) => {
    // Prepare
    given();

    // Act
    const response = await post(body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('ValidationError');
    expect(response.body.message).toMatch(message);
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['/tenants/Demo_1/conversations/conv-1/messages', /tenantId/],
    ['/tenants/demo/conversations/conv%201/messages', /conversationId/],
  ])('returns 400 naming the bad path parameter of %s', async (path, field) => {
    // Prepare
    given();

    // Act
    const response = await call(httpEvent('POST', path, { body: validBody() }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(field);
  });

  it('returns 404 for an unknown tenant and stores nothing', async () => {
    // Prepare
    given({ tenant: null });

    // Act
    const response = await post(validBody());

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.message).toMatch(/Unknown tenant demo/);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('routing', () => {
  it('returns 404 for an unknown route', async () => {
    // Act
    const response = await call(httpEvent('GET', '/tenants/demo/nothing'));

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('NotFound');
  });

  it('returns 405 with the allowed method for a wrong method', async () => {
    // Act
    const response = await call(httpEvent('DELETE', MESSAGES_PATH));

    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });
});
