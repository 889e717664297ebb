import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ToolError } from '../../functions/shared/store/errors';
import { loadStoreDir } from '../../functions/shared/store/json';
import { findTool } from '../../functions/shared/tool-catalogue';
import { runExternalTool } from '../../functions/shared/tool-targets';
import { callLambdaTool } from '../../functions/shared/tool-targets/lambda';
import { clearSecretCache } from '../../functions/shared/tool-targets/secrets';
import { readTenantConfig } from '../../local/seed';
import { startToolStandIns, type ToolStandIns } from '../../local/tools';
import { findShipment } from '../../local/tools/carrier';
import { startLambdaApi } from '../../local/tools/lambda-api';
import type { LoopbackServer } from '../../local/tools/loopback';
import { startSecretsApi } from '../../local/tools/secrets-api';
import { FUNCTION_ARN, SECRET_ARN, withLoopback } from './fixtures';

const DEMO = 'tenants/demo';
const CARRIER_SECRET =
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:lanternfield/carrier-api-key-Lf7Q2x';
const CONTEXT = {
  tenantId: 'demo',
  conversationId: 'conv-1',
  idempotencyKey: 'demo:conv-1:tooluse-1',
};
const client = { region: 'us-east-1' };

describe('the local Secrets Manager', () => {
  let api: LoopbackServer;
  let secrets: SecretsManagerClient;
  beforeAll(async () => {
    api = await startSecretsApi(new Map([[SECRET_ARN, 'token-1']]));
    secrets = new SecretsManagerClient({ ...client, endpoint: api.url });
  });
  afterAll(() => api.close());

  it.each([
    ['its ARN', SECRET_ARN],
    ['its name', 'acme/api-token'],
  ])('returns a secret named by %s', async (_, secretId) => {
    // Act
    const secret = await secrets.send(
      new GetSecretValueCommand({ SecretId: secretId }),
    );

    // Assess
    expect(secret).toMatchObject({
      ARN: SECRET_ARN,
      Name: 'acme/api-token',
      SecretString: 'token-1',
      VersionStages: ['AWSCURRENT'],
    });
    expect(secret.CreatedDate).toBeInstanceOf(Date);
  });

  it('answers ResourceNotFoundException for an unknown secret', async () => {
    // Act
    const read = secrets.send(new GetSecretValueCommand({ SecretId: 'nope' }));

    // Assess
    await expect(read).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('the local Lambda', () => {
  let api: LoopbackServer;
  let lambda: LambdaClient;
  beforeAll(async () => {
    api = await startLambdaApi({
      functions: async (name) =>
        name === 'acme-stock-check'
          ? {
              handler: async (event: unknown) => {
                const { input } = event as { input: { item_id: string } };
                if (input.item_id === '0000000000') {
                  throw new Error('Unknown item 0000000000');
                }
                return { item_id: input.item_id, in_stock: 3 };
              },
            }
          : undefined,
    });
    lambda = new LambdaClient({ ...client, endpoint: api.url, maxAttempts: 1 });
  });
  afterAll(() => api.close());

  const tool = {
    name: 'check_stock',
    target: { type: 'lambda', functionArn: FUNCTION_ARN, timeoutMs: 3000 },
  } as const;

  it('runs the function and returns its result', async () => {
    // Act
    const result = await callLambdaTool(
      tool,
      { item_id: '4913791348' },
      CONTEXT,
      lambda,
    );

    // Assess
    expect(result).toEqual({ item_id: '4913791348', in_stock: 3 });
  });

  it('answers an error the function threw as Lambda does', async () => {
    // Act
    const response = await lambda.send(
      new InvokeCommand({
        FunctionName: `${FUNCTION_ARN}:live`,
        Payload: Buffer.from(
          JSON.stringify({ input: { item_id: '0000000000' } }),
        ),
      }),
    );

    // Assess
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBe('Unhandled');
    expect(
      JSON.parse(Buffer.from(response.Payload ?? []).toString()),
    ).toMatchObject({
      errorType: 'Error',
      errorMessage: 'Unknown item 0000000000',
    });
  });

  it('answers ResourceNotFoundException for an unknown function', async () => {
    // Act
    const invoke = lambda.send(new InvokeCommand({ FunctionName: 'nope' }));

    // Assess
    await expect(invoke).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('turns a thrown error into a tool error for the model', async () => {
    // Act
    const result = callLambdaTool(
      tool,
      { item_id: '0000000000' },
      CONTEXT,
      lambda,
    );

    // Assess
    await expect(result).rejects.toThrow(
      new ToolError('check_stock failed: Unknown item 0000000000'),
    );
  });
});

describe('the demo tenant’s tools in the local runtime', () => {
  let standIns: ToolStandIns;
  const saved = { ...process.env };

  beforeAll(async () => {
    standIns = await startToolStandIns([DEMO]);
    Object.assign(process.env, standIns.environment);
  });
  afterAll(async () => {
    await standIns.close();
    process.env = saved;
  });
  beforeEach(() => clearSecretCache());

  /** Runs a demo tool through the real SDK clients and the stand-ins. */
  const run = (name: string, input: Record<string, unknown>) =>
    withLoopback(true, async () => {
      const config = standIns.localConfig(await readTenantConfig(DEMO));
      const declaration = findTool(config, name);
      if (!declaration) throw new Error(`${name} is not declared`);
      return runExternalTool(declaration, input, CONTEXT);
    });

  it('points the carrier tool at the loopback stub', async () => {
    // Act
    const config = await withLoopback(true, async () =>
      standIns.localConfig(await readTenantConfig(DEMO)),
    );

    // Assess
    const target = findTool(config, 'track_shipment')?.target;
    expect(target).toMatchObject({
      type: 'http',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1\/shipments$/),
      allowedHosts: ['carrier.lanternfield.example', '127.0.0.1'],
    });
  });

  it('tracks the parcel of order #W3308846 with the bearer secret', async () => {
    // Act
    const shipment = await run('track_shipment', {
      tracking_number: '780391627633',
    });

    // Assess
    expect(shipment).toMatchObject({
      tracking_number: '780391627633',
      status: 'in_transit',
      items: 2,
      destination: { city: 'Portland', state: 'OR', zip: '97214' },
    });
  });

  it('reports a tracking number the carrier does not know', async () => {
    // Act
    const result = run('track_shipment', { tracking_number: '111111111111' });

    // Assess
    await expect(result).rejects.toThrow(
      'track_shipment was refused by its backend (status 404): No shipment ' +
        'with tracking number 111111111111',
    );
  });

  it('estimates delivery with the tenant folder’s function', async () => {
    // Act
    const estimate = await run('estimate_delivery', {
      zip: '97214',
      speed: 'expedited',
    });

    // Assess
    expect(estimate).toMatchObject({
      zip: '97214',
      options: [
        {
          speed: 'expedited',
          business_days: '1 to 2',
          cost: '$18',
          earliest: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        },
      ],
    });
  });

  it('passes the function’s refusal on to the model', async () => {
    // Act
    const result = run('estimate_delivery', { zip: '00000' });

    // Assess
    await expect(result).rejects.toThrow(
      "estimate_delivery failed: '00000' is not a US zip code we deliver to",
    );
  });

  it('serves the carrier secret to the SDK', async () => {
    // Act
    const secret = await new SecretsManagerClient({
      ...client,
      endpoint: standIns.environment.AWS_ENDPOINT_URL_SECRETS_MANAGER,
    }).send(new GetSecretValueCommand({ SecretId: CARRIER_SECRET }));

    // Assess
    expect(secret.SecretString).toMatch(/^dev-[\w-]{32}$/);
  });
});

describe('tool stand-ins of a tenant folder', () => {
  it('take a secret from secrets.local.json', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'frontline-tools-'));
    cpSync(DEMO, dir, { recursive: true });
    writeFileSync(
      join(dir, 'secrets.local.json'),
      JSON.stringify({ [CARRIER_SECRET]: 'from-the-folder' }),
    );
    const standIns = await startToolStandIns([dir]);

    // Act
    const secret = await new SecretsManagerClient({
      ...client,
      endpoint: standIns.environment.AWS_ENDPOINT_URL_SECRETS_MANAGER,
    })
      .send(new GetSecretValueCommand({ SecretId: CARRIER_SECRET }))
      .finally(async () => {
        await standIns.close();
        rmSync(dir, { recursive: true, force: true });
      });

    // Assess
    expect(secret.SecretString).toBe('from-the-folder');
  });
});

describe('the carrier stub', () => {
  it('tracks every parcel of the demo store as its order’s status says', async () => {
    // Prepare
    const { orders } = await loadStoreDir(join(DEMO, 'store'));
    const parcels = Object.values(orders).flatMap((order) =>
      order.fulfillments.flatMap((f) =>
        f.tracking_id.map((id) => ({ id, status: order.status })),
      ),
    );

    // Act
    const tracked = parcels.map(({ id }) =>
      findShipment(orders, id, new Date('2026-12-03T10:00:00Z')),
    );

    // Assess
    expect(parcels.length).toBeGreaterThan(30);
    expect(tracked.map((shipment) => shipment?.status)).toEqual(
      parcels.map(({ status }) =>
        status === 'processed' ? 'in_transit' : 'delivered',
      ),
    );
  });
});
