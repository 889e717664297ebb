import { getAgent } from '../../functions/shared/agents';
import { tokenMatches } from '../../functions/shared/secrets';
import { runAgentsCli } from '../../scripts/agents';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';

let dynamo: TestDynamo;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});

async function run(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAgentsCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const local = () => ['--endpoint', dynamo.endpoint];
const table = () => ({ client: dynamo.client, tableName: 'Tenants' });

describe('npm run agents', () => {
  it('makes a token for two tenants, prints it once and stores its hash', async () => {
    // Act
    const result = await run([
      'add',
      '--tenant',
      'north',
      '--tenant',
      'south',
      '--agent',
      'sam',
      '--name',
      'Sam Rivera',
      ...local(),
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^sam\.[A-Za-z0-9_-]{43}$/);
    expect(result.err).toContain('Sam Rivera (sam)');
    expect(result.err).toContain('north, south');
    for (const tenantId of ['north', 'south']) {
      const record = await getAgent(table(), tenantId, 'sam');
      expect(record?.name).toBe('Sam Rivera');
      expect(tokenMatches(result.out, record?.tokenSha256 ?? '')).toBe(true);
      expect(JSON.stringify(record)).not.toContain(result.out);
    }
  });

  it('lists and removes a tenant’s agents', async () => {
    // Prepare
    await run([
      'add',
      '--tenant',
      'east',
      '--agent',
      'kim',
      '--name',
      'Kim Osei',
      ...local(),
    ]);

    // Act
    const listed = await run(['list', '--tenant', 'east', ...local()]);
    const removed = await run([
      'remove',
      '--tenant',
      'east',
      '--agent',
      'kim',
      ...local(),
    ]);
    const again = await run([
      'remove',
      '--tenant',
      'east',
      '--agent',
      'kim',
      ...local(),
    ]);
    const empty = await run(['list', '--tenant', 'east', ...local()]);

    // Assess
    expect(listed.out).toMatch(/^kim\tKim Osei\tsince \d{4}-/);
    expect(removed).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Removed kim from east/),
    });
    expect(again.code).toBe(1);
    expect(empty.out).toContain('has no agents');
  });

  it('refuses to make a second token without --replace', async () => {
    // Prepare
    const add = (...extra: string[]) =>
      run([
        'add',
        '--tenant',
        'west',
        '--agent',
        'ana',
        '--name',
        'Ana Lima',
        ...extra,
        ...local(),
      ]);
    const first = await add();

    // Act
    const second = await add();
    const replaced = await add('--replace');

    // Assess
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/already has a token for tenant west/);
    expect(replaced.code).toBe(0);
    expect(replaced.out).not.toBe(first.out);
  });

  it.each([
    [['add', '--agent', 'sam', '--name', 'Sam'], /--tenant <id> is required/],
    [['add', '--tenant', 'north', '--name', 'Sam'], /--agent is required/],
    [['add', '--tenant', 'north', '--agent', 'Sam!', '--name', 'S'], /agentId/],
    [['add', '--tenant', 'north', '--agent', 'sam'], /--name is required/],
    [
      ['add', '--tenant', 'north', '--agent', 'agent', '--name', 'A'],
      /kept for the shared token/,
    ],
    [['list', '--tenant', 'a', '--tenant', 'b'], /exactly one --tenant/],
    [['grant', '--tenant', 'north'], /Unknown command "grant"/],
  ])('answers %j with a usage error', async (args, message) => {
    // Act
    const result = await run([...args, ...local()]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });

  it('refuses to run without a table or an endpoint', async () => {
    // Act
    const result = await run(['list', '--tenant', 'north']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--table \(AWS\) or --endpoint \(local\)/);
  });
});
