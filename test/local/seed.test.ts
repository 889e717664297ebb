import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoStore } from '../../functions/shared/store/dynamo';
import { isSeeded, seedTenant, trainIntents } from '../../local/seed';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';

const TABLES = { tenants: 'Tenants', store: 'Store' };

let dynamo: TestDynamo;
let scratch: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await dynamo.close();
});

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seed-'));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A copy of the demo tenant folder, with `tenant.json` replaced. */
function tenantFolder(config?: (json: Record<string, unknown>) => void) {
  const dir = join(scratch, 'tenant');
  cpSync('tenants/demo', dir, { recursive: true });
  if (config) {
    const json = JSON.parse(readFileSync('tenants/demo/tenant.json', 'utf8'));
    config(json);
    writeFileSync(join(dir, 'tenant.json'), JSON.stringify(json));
  }
  return dir;
}

describe('seedTenant', () => {
  it('writes the demo tenant and reports what it wrote', async () => {
    // Act
    const counts = await seedTenant(dynamo.client, TABLES);

    // Assess
    expect(counts).toEqual({
      documents: 10,
      users: 25,
      orders: 60,
      products: 8,
      knowledge: {
        source: 'folder',
        path: join('tenants', 'demo', 'knowledge'),
        documents: 10,
        written: true,
      },
    });
    expect(await isSeeded(dynamo.client, TABLES, 'demo')).toBe(true);
  });

  it('writes a configuration that getTenantConfig reads', async () => {
    // Prepare
    await seedTenant(dynamo.client, TABLES);
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
    const { getTenantConfig } = await import('../../functions/shared/tenants');

    // Act
    const config = await getTenantConfig('demo');

    // Assess
    expect(config.tenantId).toBe('demo');
    expect(config.tools.enabled).toContain('get_order_details');
  });

  it('writes one document per article, titled by its heading', async () => {
    // Prepare
    await seedTenant(dynamo.client, TABLES);

    // Act
    const { Item } = await dynamo.client.send(
      new GetCommand({
        TableName: 'Tenants',
        Key: { pk: 'T#demo', sk: 'DOC#returns-and-refunds' },
      }),
    );

    // Assess
    expect(Item).toMatchObject({
      documentId: 'returns-and-refunds',
      title: 'Returns and refunds',
      url: 'https://help.example.com/returns-and-refunds',
    });
    expect(Item?.content).toMatch(/^# Returns and refunds\n\n## /);
  });

  it('loads the store so the adapter finds users, orders and products', async () => {
    // Prepare
    await seedTenant(dynamo.client, TABLES);
    const store = new DynamoStore({
      client: dynamo.client,
      tableName: 'Store',
      tenantId: 'demo',
    });

    // Act
    const userId = await store.findUserIdByEmail('maya.lindqvist@example.com');
    const order = await store.getOrder('#W4817203');
    const products = await store.listProducts();

    // Assess
    expect(userId).toBe('maya_lindqvist_2417');
    expect(order?.status).toBe('delivered');
    expect(products).toHaveLength(8);
  });

  it('seeds again without duplicating anything', async () => {
    // Prepare
    await seedTenant(dynamo.client, TABLES);

    // Act
    await seedTenant(dynamo.client, TABLES);

    // Assess
    const { Items = [] } = await dynamo.client.send(
      new QueryCommand({
        TableName: 'Tenants',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'T#demo' },
      }),
    );
    // 10 articles, the index (META and one part), the intent classifier
    // (META and one part) and the configuration.
    expect(Items).toHaveLength(15);
  });

  it('keeps the store as customers changed it, unless told to reset it', async () => {
    // Prepare
    await seedTenant(dynamo.client, TABLES);
    const store = new DynamoStore({
      client: dynamo.client,
      tableName: 'Store',
      tenantId: 'demo',
    });
    const order = await store.getOrder('#W5520914');
    await store.putOrder({
      ...(order as NonNullable<typeof order>),
      status: 'cancelled',
    });

    // Act
    const again = await seedTenant(dynamo.client, TABLES);
    const kept = await store.getOrder('#W5520914');
    await seedTenant(dynamo.client, TABLES, 'tenants/demo', {
      resetStore: true,
    });
    const reset = await store.getOrder('#W5520914');

    // Assess
    expect(again).toMatchObject({ users: 0, orders: 0, products: 0 });
    expect(kept?.status).toBe('cancelled');
    expect(reset?.status).toBe('pending');
  });

  it.each([
    [
      'an invalid field',
      (json: Record<string, unknown>) => {
        json.languages = [];
      },
      /tenant\.json: languages/,
    ],
    [
      'an undeclared tool',
      (json: Record<string, unknown>) => {
        json.tools = { enabled: ['launch_rocket'] };
      },
      /tenant\.json: tools\.enabled\.0: 'launch_rocket'/,
    ],
  ])('throws naming the file and field for %s', async (_, spoil, message) => {
    // Prepare
    const dir = tenantFolder(spoil);

    // Act
    const seed = seedTenant(dynamo.client, TABLES, dir);

    // Assess
    await expect(seed).rejects.toThrow(message);
  });

  it('titles an article without a heading by its file name, as the deploy does', async () => {
    // Prepare
    const dir = tenantFolder((json) => {
      json.tenantId = 'untitled';
    });
    writeFileSync(join(dir, 'knowledge', 'gift-cards.md'), 'Never expire.\n');

    // Act
    await seedTenant(dynamo.client, TABLES, dir);

    // Assess
    const { Item } = await dynamo.client.send(
      new GetCommand({
        TableName: 'Tenants',
        Key: { pk: 'T#untitled', sk: 'DOC#gift-cards' },
      }),
    );
    expect(Item).toMatchObject({
      title: 'Gift cards',
      content: 'Never expire.',
    });
  });
});

describe('isSeeded', () => {
  it('is false for a tenant that was never seeded', async () => {
    // Act
    const seeded = await isSeeded(dynamo.client, TABLES, 'nobody');

    // Assess
    expect(seeded).toBe(false);
  });
});

describe('trainIntents', () => {
  const intentMeta = async () =>
    (
      await dynamo.client.send(
        new GetCommand({
          TableName: 'Tenants',
          Key: { pk: 'T#fresh', sk: 'INTENT#META' },
        }),
      )
    ).Item;

  it('trains once and skips while intents.csv is unchanged', async () => {
    // Prepare
    const dir = tenantFolder();
    const first = new Date('2026-02-01T00:00:00Z');

    // Act
    const trained = await trainIntents(
      dynamo.client,
      'Tenants',
      'fresh',
      dir,
      first,
    );
    const again = await trainIntents(dynamo.client, 'Tenants', 'fresh', dir);

    // Assess
    expect([trained, again]).toEqual(['trained', 'unchanged']);
    expect(await intentMeta()).toMatchObject({
      parts: 1,
      labels: expect.arrayContaining(['order_status', 'oos']),
      trainedAt: first.toISOString(),
    });
  });

  it('trains again when intents.csv changes', async () => {
    // Prepare
    const dir = tenantFolder();
    await trainIntents(dynamo.client, 'Tenants', 'demo', dir);
    const csv = readFileSync(join(dir, 'intents.csv'), 'utf8');
    writeFileSync(
      join(dir, 'intents.csv'),
      `${csv}where's my stuff,order_status\n`,
    );

    // Act
    const outcome = await trainIntents(dynamo.client, 'Tenants', 'demo', dir);

    // Assess
    expect(outcome).toBe('trained');
  });

  it('trains nothing for a folder without intents.csv', async () => {
    // Prepare
    const dir = tenantFolder();
    rmSync(join(dir, 'intents.csv'));

    // Act
    const outcome = await trainIntents(dynamo.client, 'Tenants', 'other', dir);

    // Assess
    expect(outcome).toBe('none');
  });
});
