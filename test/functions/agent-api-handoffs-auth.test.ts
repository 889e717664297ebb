import { BASE, call, ddb, given, handoff, sfn } from './agent-api-world';

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
