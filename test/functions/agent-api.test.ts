import {
  InvalidToken,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { noteMessageId } from '../../functions/agent-api/decide';
import {
  AGENT_TOKEN,
  AT,
  BASE,
  call,
  ddb,
  decisionOutput,
  given,
  HANDOFF_ID,
  handoff,
  handoffUpdates,
  head,
  sfn,
  stored,
  TASK_TOKEN,
} from './agent-api-world';

describe('GET /tenants/{tenantId}/handoffs', () => {
  it('lists the open handoffs without their task tokens', async () => {
    // Prepare
    given(undefined);
    ddb.on(QueryCommand).resolves({ Items: [stored(handoff())] });

    // Act
    const response = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { status: 'open' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      handoffs: [
        {
          handoffId: HANDOFF_ID,
          conversationId: 'conv-1',
          status: 'open',
          reason: 'customer_request',
          summary: 'Wants a refund for order #W1234567',
          createdAt: AT,
          updatedAt: AT,
        },
      ],
    });
    const [query] = ddb.commandCalls(QueryCommand);
    expect(query?.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'T#demo#HANDOFFS#open',
    });
  });

  it('pages with nextToken, starting the next query where the last ended', async () => {
    // Prepare
    given(undefined);
    const lastKey = {
      pk: 'T#demo#H#h-1',
      sk: 'HANDOFF',
      gsi1pk: 'T#demo#HANDOFFS#open',
      gsi1sk: `${AT}#h-1`,
    };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [stored(handoff())], LastEvaluatedKey: lastKey })
      .resolves({ Items: [] });

    // Act
    const first = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { limit: '1' },
    });
    const second = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { limit: '1', nextToken: first.body.nextToken },
    });

    // Assess
    expect(first.body.handoffs).toHaveLength(1);
    expect(first.body.nextToken).toEqual(expect.any(String));
    expect(JSON.stringify(first.body)).not.toContain('taskToken');
    expect(second.body).toEqual({ handoffs: [] });
    const [, next] = ddb.commandCalls(QueryCommand);
    expect(next?.args[0].input).toMatchObject({
      Limit: 1,
      ExclusiveStartKey: lastKey,
    });
  });

  it('returns 400 for a nextToken of another tenant', async () => {
    // Prepare
    const other = Buffer.from(
      JSON.stringify({
        pk: 'T#acme#H#h-1',
        sk: 'HANDOFF',
        gsi1pk: 'T#acme#HANDOFFS#open',
        gsi1sk: `${AT}#h-1`,
      }),
    ).toString('base64url');

    // Act
    const response = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { nextToken: other },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('returns 400 for an unknown status', async () => {
    // Act
    const response = await call('GET', '/tenants/demo/handoffs', {
      token: AGENT_TOKEN,
      query: { status: 'lost' },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/status/);
  });
});

describe('POST .../resolve', () => {
  it('completes the handoff task as resolved and records the agent', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/resolve`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.handoff).toMatchObject({
      handoffId: HANDOFF_ID,
      status: 'resolved',
      agentId: 'agent',
    });
    const [success] = sfn.commandCalls(SendTaskSuccessCommand);
    expect(success?.args[0].input.taskToken).toBe(TASK_TOKEN);
    expect(decisionOutput()).toEqual({
      outcome: 'resolved',
      handoffId: HANDOFF_ID,
    });
    expect(handoffUpdates()).toHaveLength(1);
  });

  it('marks what the customer wrote during the handoff as answered', async () => {
    // Prepare
    given(handoff());

    // Act
    await call('POST', `${BASE}/resolve`);

    // Assess
    const headUpdate = ddb
      .commandCalls(UpdateCommand)
      .find((c) => c.args[0].input.Key?.sk === 'META');
    expect(headUpdate?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':s': head.lastSequence,
    });
  });

  it('returns 404 for an unknown handoff', async () => {
    // Prepare
    given(undefined);

    // Act
    const response = await call('POST', `${BASE}/resolve`);

    // Assess
    expect(response.status).toBe(404);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['resolved', /already resolved/],
    ['handed_back', /already handed back/],
    ['expired', /expired/],
  ] as const)('returns 409 for a %s handoff', async (status, message) => {
    // Prepare
    given(handoff({ status }));

    // Act
    const response = await call('POST', `${BASE}/resolve`);

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(message);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'gone', $metadata: {} })],
    ['InvalidToken', new InvalidToken({ message: 'bad', $metadata: {} })],
  ])('marks the handoff expired and returns 409 on %s', async (_, error) => {
    // Prepare
    given(handoff());
    sfn.on(SendTaskSuccessCommand).rejects(error);

    // Act
    const response = await call('POST', `${BASE}/resolve`);

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/has expired/);
    const [update] = handoffUpdates();
    expect(update?.args[0].input.ExpressionAttributeValues?.[':s']).toBe(
      'expired',
    );
  });
});

describe('POST .../hand-back', () => {
  it('stores the note, completes the task and gives the conversation back', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/hand-back`, {
      token: AGENT_TOKEN,
      body: { note: 'Refund approved; tell the customer.' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.handoff).toMatchObject({
      status: 'handed_back',
      agentId: 'agent',
      note: 'Refund approved; tell the customer.',
    });
    const note = ddb
      .commandCalls(PutCommand)
      .find((c) => c.args[0].input.Item?.sender === 'note');
    expect(note?.args[0].input.Item).toMatchObject({
      messageId: `handback-${HANDOFF_ID}`,
      direction: 'inbound',
      channel: 'web',
      text: 'Refund approved; tell the customer.',
    });
    expect(decisionOutput()).toEqual({
      outcome: 'handed_back',
      handoffId: HANDOFF_ID,
    });
    const active = ddb
      .commandCalls(UpdateCommand)
      .filter((c) => c.args[0].input.Key?.sk === 'META')
      .at(-1);
    expect(active?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_exists(pk) AND (#seg = :seg)',
      ExpressionAttributeValues: expect.objectContaining({
        ':seg': 1,
        ':f0': 'active',
      }),
    });
  });

  it('stores no note when the body is empty', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/hand-back`);

    // Assess
    expect(response.status).toBe(200);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(decisionOutput().outcome).toBe('handed_back');
  });

  it('returns 409 and stores no note for a handoff no longer open', async () => {
    // Prepare
    given(handoff({ status: 'resolved' }));

    // Act
    const response = await call('POST', `${BASE}/hand-back`, {
      token: AGENT_TOKEN,
      body: { note: 'too late' },
    });

    // Assess
    expect(response.status).toBe(409);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('returns 400 for a note over 2000 characters', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/hand-back`, {
      token: AGENT_TOKEN,
      body: { note: 'n'.repeat(2001) },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/note/);
  });

  it('derives a short note message id from a long handoff id', () => {
    // Act
    const id = noteMessageId(`${'c'.repeat(48)}-123456-123456`);

    // Assess
    expect(id).toMatch(/^handback-[0-9a-f]{55}$/);
  });
});

describe('POST .../heartbeat', () => {
  it('sends a task heartbeat and returns 204', async () => {
    // Prepare
    given(handoff());

    // Act
    const response = await call('POST', `${BASE}/heartbeat`);

    // Assess
    expect(response.status).toBe(204);
    const [beat] = sfn.commandCalls(SendTaskHeartbeatCommand);
    expect(beat?.args[0].input).toEqual({ taskToken: TASK_TOKEN });
  });

  it('returns 409 when the wait already timed out', async () => {
    // Prepare
    given(handoff());
    sfn
      .on(SendTaskHeartbeatCommand)
      .rejects(new TaskTimedOut({ message: 'gone', $metadata: {} }));

    // Act
    const response = await call('POST', `${BASE}/heartbeat`);

    // Assess
    expect(response.status).toBe(409);
  });
});

describe('agent authentication', () => {
  it.each([
    ['no token', undefined, /Missing Authorization/],
    ['a wrong token', 'not-the-agent', /not valid/],
  ])(
    'returns 401 with %s before reading anything',
    async (_, token, message) => {
      // Prepare
      given(handoff());

      // Act
      const response = await call('POST', `${BASE}/resolve`, { token });

      // Assess
      expect(response.status).toBe(401);
      expect(response.body.message).toMatch(message);
      expect(ddb.calls()).toHaveLength(0);
      expect(sfn.calls()).toHaveLength(0);
    },
  );

  it('refuses the shared token when none is configured', async () => {
    // Prepare
    given(handoff());
    process.env.AGENT_TOKEN_SHA256 = '';

    // Act
    const response = await call('GET', '/tenants/demo/handoffs');

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/not valid/);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('returns 400 naming a bad handoff id', async () => {
    // Act
    const response = await call('POST', '/tenants/demo/handoffs/a.b/resolve');

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/handoffId/);
  });
});
