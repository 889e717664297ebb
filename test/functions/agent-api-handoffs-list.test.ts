import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  AGENT_TOKEN,
  AT,
  call,
  ddb,
  given,
  HANDOFF_ID,
  handoff,
  stored,
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
