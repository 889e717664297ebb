import { authorizeAgent } from '../../functions/agent-api/agent-auth';
import {
  type AgentTable,
  createAgentToken,
  listAgents,
  removeAgent,
} from '../../functions/shared/agents';
import { ConflictError, ValidationError } from '../../functions/shared/errors';
import { sha256Hex } from '../../functions/shared/secrets';
import { TABLES } from '../../schemas/tables';
import { httpEvent } from '../support/http-event';
import { DynaliteItems } from './workflow-steps/dynalite-items';

/**
 * Agents' own tokens against a real Tenants table: dynalite behind the
 * function's DynamoDB client.
 */
let items: DynaliteItems;
let table: AgentTable;
const SHARED = 'shared-agent-token';

const asAgent = (token: string | undefined, tenantId: string | undefined) =>
  authorizeAgent(
    httpEvent('GET', `/tenants/${tenantId}/handoffs`, { token }),
    tenantId,
  );

beforeAll(async () => {
  items = await DynaliteItems.start();
  table = { client: items.client, tableName: TABLES.tenants.name };
});

afterAll(async () => {
  await items.stop();
  delete process.env.AGENT_TOKEN_SHA256;
});

beforeEach(() => {
  process.env.AGENT_TOKEN_SHA256 = sha256Hex(SHARED);
});

describe('an agent’s own token', () => {
  it('names the agent in exactly the tenants it was made for', async () => {
    // Prepare
    const { token } = await createAgentToken(table, {
      agentId: 'sam',
      name: 'Sam Rivera',
      tenantIds: ['north', 'south'],
    });

    // Act
    const north = await asAgent(token, 'north');
    const south = await asAgent(token, 'south');
    const east = asAgent(token, 'east');

    // Assess
    expect(token).toMatch(/^sam\.[A-Za-z0-9_-]{43}$/);
    expect(north).toEqual({ agentId: 'sam', name: 'Sam Rivera' });
    expect(south).toEqual(north);
    await expect(east).rejects.toThrow(/not valid for this tenant/);
  });

  it('refuses a token with the right agent id and another secret', async () => {
    // Prepare
    await createAgentToken(table, {
      agentId: 'kim',
      name: 'Kim Osei',
      tenantIds: ['north'],
    });
    const forged = `kim.${'A'.repeat(43)}`;

    // Act
    const result = asAgent(forged, 'north');

    // Assess
    await expect(result).rejects.toMatchObject({ status: 401 });
  });

  it('stops working in a tenant the moment its credential is removed', async () => {
    // Prepare
    const { token } = await createAgentToken(table, {
      agentId: 'lee',
      name: 'Lee Park',
      tenantIds: ['north', 'south'],
    });

    // Act
    const removed = await removeAgent(table, 'north', 'lee');
    const again = await removeAgent(table, 'north', 'lee');

    // Assess
    expect([removed, again]).toEqual([true, false]);
    await expect(asAgent(token, 'north')).rejects.toMatchObject({
      status: 401,
    });
    await expect(asAgent(token, 'south')).resolves.toMatchObject({
      agentId: 'lee',
    });
  });

  it('is made once unless replaced, and a replacement ends the old token', async () => {
    // Prepare
    const first = await createAgentToken(table, {
      agentId: 'ana',
      name: 'Ana Lima',
      tenantIds: ['north'],
    });

    // Act
    const twice = createAgentToken(table, {
      agentId: 'ana',
      name: 'Ana Lima',
      tenantIds: ['west', 'north'],
    });
    await expect(twice).rejects.toThrow(ConflictError);
    const second = await createAgentToken(table, {
      agentId: 'ana',
      name: 'Ana Lima',
      tenantIds: ['north'],
      replace: true,
    });

    // Assess: all or nothing, and only the new token works
    await expect(asAgent(first.token, 'north')).rejects.toMatchObject({
      status: 401,
    });
    await expect(asAgent(second.token, 'north')).resolves.toMatchObject({
      agentId: 'ana',
    });
    await expect(asAgent(second.token, 'west')).rejects.toMatchObject({
      status: 401,
    });
  });

  it('lists a tenant’s agents without their token hashes', async () => {
    // Prepare
    await createAgentToken(table, {
      agentId: 'max',
      name: 'Max Berg',
      tenantIds: ['listed'],
    });

    // Act
    const agents = await listAgents(table, 'listed');

    // Assess
    expect(agents).toEqual([
      {
        tenantId: 'listed',
        agentId: 'max',
        name: 'Max Berg',
        createdAt: expect.any(String),
      },
    ]);
  });

  it('refuses to make a token for no tenant', async () => {
    // Act
    const result = createAgentToken(table, {
      agentId: 'nobody',
      name: 'No One',
      tenantIds: [],
    });

    // Assess
    await expect(result).rejects.toThrow(ValidationError);
  });
});

describe('the shared token', () => {
  it('passes for every tenant as the unnamed agent', async () => {
    // Act
    const agent = await asAgent(SHARED, 'anywhere');

    // Assess
    expect(agent).toEqual({ agentId: 'agent' });
  });

  it.each([
    ['missing', undefined, /Missing Authorization/],
    ['wrong', 'not-it', /not valid/],
    ['of no agent', `ghost.${'B'.repeat(43)}`, /not valid/],
  ])('refuses a %s token', async (_, token, message) => {
    // Act
    const result = asAgent(token, 'north');

    // Assess
    await expect(result).rejects.toThrow(message);
  });

  it('is refused when none is configured', async () => {
    // Prepare
    process.env.AGENT_TOKEN_SHA256 = '';

    // Act
    const result = asAgent(SHARED, 'north');

    // Assess
    await expect(result).rejects.toMatchObject({ status: 401 });
  });
});
