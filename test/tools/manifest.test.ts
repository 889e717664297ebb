import { TenantConfigSchema } from '../../schemas/tenant-config';
import { addressKind } from '../../schemas/tools/hosts';
import {
  FUNCTION_ARN,
  httpTool,
  lambdaTool,
  SECRET_ARN,
  tenantJson,
  withLoopback,
} from './fixtures';

const KEY_ARN =
  'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The first problem of a tenant file with these tool settings. */
function firstIssue(tools: Record<string, unknown>) {
  const result = TenantConfigSchema.safeParse(tenantJson(tools));
  const issue = result.error?.issues[0];
  return issue && { path: issue.path.join('.'), message: issue.message };
}

const withTarget = (target: Record<string, unknown>) =>
  httpTool({ target: { ...httpTool().target, ...target } });

describe('tools.custom of the tenant configuration', () => {
  it('applies the target defaults', () => {
    // Act
    const config = TenantConfigSchema.parse(
      tenantJson({
        enabled: ['track_parcel', 'check_stock'],
        custom: [httpTool(), lambdaTool()],
        allowedHosts: ['api.acme.test'],
      }),
    );

    // Assess
    expect(config.tools.custom.map((tool) => tool.target)).toEqual([
      {
        type: 'http',
        url: 'https://api.acme.test/v1/track',
        method: 'GET',
        timeoutMs: 3000,
        retries: 2,
        secretArn: SECRET_ARN,
      },
      { type: 'lambda', functionArn: FUNCTION_ARN, timeoutMs: 3000 },
    ]);
  });

  it.each([
    [
      'an undeclared enabled tool',
      { enabled: ['launch_rocket'] },
      'tools.enabled.0',
      "'launch_rocket' is not a declared tool",
    ],
    [
      'a tool named like a built-in one',
      { custom: [httpTool({ name: 'get_order_details' })] },
      'tools.custom.0.name',
      'already declared as a built-in tool',
    ],
    [
      'a tool declared twice',
      {
        custom: [lambdaTool(), lambdaTool()],
      },
      'tools.custom.1.name',
      "'check_stock' is already declared",
    ],
    [
      'an unsupported input keyword',
      {
        custom: [
          lambdaTool({
            input: {
              type: 'object',
              properties: { id: { type: 'string', anyOf: [] } },
            },
          }),
        ],
      },
      'tools.custom.0.input.properties.id.anyOf',
      "tool 'check_stock': input.properties.id uses unsupported keyword 'anyOf'",
    ],
    [
      'a host that is not allowed',
      { custom: [httpTool()], allowedHosts: ['other.acme.test'] },
      'tools.custom.0.target.url',
      "tool 'track_parcel': host 'api.acme.test' is not in tools.allowedHosts",
    ],
    [
      'plain http to a public host',
      {
        custom: [withTarget({ url: 'http://api.acme.test/v1/track' })],
        allowedHosts: ['api.acme.test'],
      },
      'tools.custom.0.target.url',
      'url must use https',
    ],
    [
      'a private IP literal',
      {
        custom: [withTarget({ url: 'https://10.0.0.8/track' })],
        allowedHosts: ['10.0.0.8'],
      },
      'tools.custom.0.target.url',
      "host '10.0.0.8' is not a public address",
    ],
    [
      'the instance metadata address',
      {
        custom: [withTarget({ url: 'https://169.254.169.254/latest' })],
        allowedHosts: ['169.254.169.254'],
      },
      'tools.custom.0.target.url',
      'not a public address',
    ],
    [
      'a loopback host outside the local runtime',
      {
        custom: [withTarget({ url: 'http://127.0.0.1:9000/track' })],
        allowedHosts: ['127.0.0.1'],
      },
      'tools.custom.0.target.url',
      'FRONTLINE_ALLOW_LOOPBACK_TOOLS=true',
    ],
    [
      'a URL with credentials',
      { custom: [withTarget({ url: 'https://u:p@api.acme.test/' })] },
      'tools.custom.0.target.url',
      'without user, password or fragment',
    ],
    [
      'a timeout above 10 seconds',
      { custom: [withTarget({ timeoutMs: 10_001 })] },
      'tools.custom.0.target.timeoutMs',
      '10000',
    ],
    [
      'auth without a secret',
      {
        custom: [
          withTarget({ secretArn: undefined, auth: { header: 'X-Api-Key' } }),
        ],
        allowedHosts: ['api.acme.test'],
      },
      'tools.custom.0.target.auth',
      'auth needs secretArn',
    ],
    [
      'a secret key without a secret',
      {
        custom: [
          withTarget({ secretArn: undefined, secretKmsKeyArn: KEY_ARN }),
        ],
        allowedHosts: ['api.acme.test'],
      },
      'tools.custom.0.target.secretKmsKeyArn',
      'secretKmsKeyArn needs secretArn',
    ],
    [
      'a key alias for the secret key',
      {
        custom: [
          withTarget({
            secretKmsKeyArn:
              'arn:aws:kms:us-east-1:111122223333:alias/tool-secrets',
          }),
        ],
        allowedHosts: ['api.acme.test'],
      },
      'tools.custom.0.target.secretKmsKeyArn',
      'not an alias',
    ],
    [
      'an auth header Frontline sets itself',
      {
        custom: [withTarget({ auth: { header: 'Idempotency-Key' } })],
        allowedHosts: ['api.acme.test'],
      },
      'tools.custom.0.target.auth.header',
      'a header Frontline sets itself',
    ],
    [
      'a partial secret ARN',
      {
        custom: [
          withTarget({
            secretArn:
              'arn:aws:secretsmanager:us-east-1:111122223333:secret:acme',
          }),
        ],
      },
      'tools.custom.0.target.secretArn',
      '6-character suffix',
    ],
    [
      'a function name instead of an ARN',
      {
        custom: [
          lambdaTool({ target: { type: 'lambda', functionArn: 'stock' } }),
        ],
      },
      'tools.custom.0.target.functionArn',
      'ARN of a Lambda function',
    ],
    [
      'an upper-case allowed host',
      { allowedHosts: ['API.acme.test'] },
      'tools.allowedHosts.0',
      'lower-case host name',
    ],
  ])('refuses %s', async (_, tools, path, message) => {
    // Act
    const issue = await withLoopback(false, () => firstIssue(tools));

    // Assess
    expect(issue?.path).toBe(path);
    expect(issue?.message).toContain(message);
  });

  it.each([
    ['http://127.0.0.1:9000/track', '127.0.0.1'],
    ['http://localhost:9000/track', 'localhost'],
    ['http://[::1]:9000/track', '[::1]'],
  ])('accepts loopback %s in the local runtime', async (url, host) => {
    // Act
    const issue = await withLoopback(true, () =>
      firstIssue({
        enabled: ['track_parcel'],
        custom: [withTarget({ url })],
        allowedHosts: [host],
      }),
    );

    // Assess
    expect(issue).toBeUndefined();
  });
});

describe('addressKind', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'private'],
    ['0.0.0.0', 'private'],
    ['224.0.0.1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['fe80::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['not-an-ip', 'private'],
  ])('classifies %s as %s', (address, kind) => {
    // Act & Assess
    expect(addressKind(address)).toBe(kind);
  });
});
