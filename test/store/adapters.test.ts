import { ConflictError } from '../../functions/shared/errors';
import type { StoreAdapter } from '../../functions/shared/store/adapter';
import { DynamoStore } from '../../functions/shared/store/dynamo';
import { decodeStoreJson } from '../../functions/shared/store/json';
import { MemoryStore } from '../../functions/shared/store/memory';
import { startTestDynamo, type TestDynamo } from './dynalite';
import { storeJson } from './fixtures';

/**
 * One set of expectations for every store adapter: the in-memory one and
 * the DynamoDB one on a real (dynalite) table.
 */
let dynalite: TestDynamo;
let tenantCount = 0;

beforeAll(async () => {
  dynalite = await startTestDynamo();
});

afterAll(async () => {
  await dynalite.close();
});

async function memoryStore(): Promise<StoreAdapter> {
  return MemoryStore.fromJson(storeJson());
}

/** A fresh tenant per test: tenants never see each other's records. */
async function dynamoStore(): Promise<StoreAdapter> {
  tenantCount += 1;
  const store = new DynamoStore({
    client: dynalite.client,
    tableName: 'Store',
    tenantId: `shop-${tenantCount}`,
  });
  await store.putAll(decodeStoreJson(storeJson()));
  return store;
}

describe.each([
  ['MemoryStore', memoryStore],
  ['DynamoStore', dynamoStore],
])('%s', (_, createStore) => {
  let store: StoreAdapter;

  beforeEach(async () => {
    store = await createStore();
  });

  it('returns a user with money in cents', async () => {
    // Act
    const user = await store.getUser('ada_quill_1001');

    // Assess
    expect(user?.email).toBe('ada.quill@example.com');
    expect(user?.payment_methods.gift_card_1000002).toEqual({
      source: 'gift_card',
      balance: 2550,
      id: 'gift_card_1000002',
    });
    expect(user?.orders).toEqual(['#W1000001', '#W1000002']);
  });

  it.each([
    ['ada.quill@example.com', 'ada_quill_1001'],
    ['ADA.QUILL@example.com', 'ada_quill_1001'],
    ['ben.marlow@example.com', 'ben_marlow_2002'],
    ['nobody@example.com', undefined],
  ])('finds the user id for the email %s', async (email, expected) => {
    // Act
    const userId = await store.findUserIdByEmail(email);

    // Assess
    expect(userId).toBe(expected);
  });

  it.each([
    ['Ada', 'Quill', '97701', 'ada_quill_1001'],
    ['ben', 'MARLOW', '55731', 'ben_marlow_2002'],
    ['Ada', 'Quill', '55731', undefined],
    ['Ada', 'Marlow', '97701', undefined],
  ])(
    'finds the user id for %s %s in %s',
    async (first, last, zip, expected) => {
      // Act
      const userId = await store.findUserIdByNameZip(first, last, zip);

      // Assess
      expect(userId).toBe(expected);
    },
  );

  it('returns an order with prices and payments in cents', async () => {
    // Act
    const order = await store.getOrder('#W1000003');

    // Assess
    expect(order?.status).toBe('cancelled');
    expect(order?.items[0].price).toBe(29);
    expect(order?.payment_history.map((t) => t.amount)).toEqual([29, 29]);
    expect(order?.cancel_reason).toBe('ordered by mistake');
  });

  it('returns a product with variant prices in cents', async () => {
    // Act
    const product = await store.getProduct('1111111111');

    // Assess
    expect(product?.name).toBe('Trail Lantern');
    expect(product?.variants['1111100002']).toEqual({
      item_id: '1111100002',
      options: { color: 'orange' },
      available: false,
      price: 2450,
    });
  });

  it.each([
    ['user', (s: StoreAdapter) => s.getUser('zed_nobody_9999')],
    ['order', (s: StoreAdapter) => s.getOrder('#W9999999')],
    ['product', (s: StoreAdapter) => s.getProduct('9999999999')],
  ])('returns undefined for an unknown %s', async (_, read) => {
    // Act
    const record = await read(store);

    // Assess
    expect(record).toBeUndefined();
  });

  it('lists every product ordered by product id', async () => {
    // Act
    const products = await store.listProducts();

    // Assess
    expect(products.map((p) => p.product_id)).toEqual([
      '1111111111',
      '2222222222',
    ]);
  });

  it('replaces a user and keeps the lookups current', async () => {
    // Prepare
    const user = await store.getUser('ben_marlow_2002');
    if (!user) throw new Error('fixture user missing');

    // Act
    await store.putUser('ben_marlow_2002', {
      ...user,
      email: 'ben@example.org',
      address: { ...user.address, zip: '55802' },
    });

    // Assess
    expect(await store.findUserIdByEmail('ben@example.org')).toBe(
      'ben_marlow_2002',
    );
    expect(await store.findUserIdByEmail('ben.marlow@example.com')).toBe(
      undefined,
    );
    expect(await store.findUserIdByNameZip('Ben', 'Marlow', '55802')).toBe(
      'ben_marlow_2002',
    );
  });

  it('replaces an order and a product', async () => {
    // Prepare
    const order = await store.getOrder('#W1000002');
    const product = await store.getProduct('2222222222');
    if (!order || !product) throw new Error('fixture records missing');

    // Act
    await store.putOrder({ ...order, status: 'cancelled' });
    await store.putProduct({ ...product, name: 'Camp Mug' });

    // Assess
    expect((await store.getOrder('#W1000002'))?.status).toBe('cancelled');
    expect((await store.getProduct('2222222222'))?.name).toBe('Camp Mug');
  });

  it('hands out copies that do not change the store', async () => {
    // Prepare
    const order = await store.getOrder('#W1000001');
    if (!order) throw new Error('fixture order missing');

    // Act
    order.status = 'cancelled';

    // Assess
    expect((await store.getOrder('#W1000001'))?.status).toBe('delivered');
  });

  it('writes an order at the expected revision and counts it up', async () => {
    // Prepare
    const order = await store.getOrder('#W1000002');
    if (!order) throw new Error('fixture order missing');

    // Act
    await store.putOrder(
      { ...order, status: 'cancelled' },
      { expectedRevision: 0 },
    );
    await store.putOrder(
      { ...order, status: 'pending' },
      { expectedRevision: 1 },
    );

    // Assess
    expect(await store.getOrder('#W1000002')).toMatchObject({
      status: 'pending',
      revision: 2,
    });
  });

  it.each([
    ['a stale revision', '#W1000002', 3],
    ['a record that does not exist', '#W7777777', 0],
  ])('refuses a conditional put over %s', async (_, orderId, revision) => {
    // Prepare
    const order = await store.getOrder('#W1000002');
    if (!order) throw new Error('fixture order missing');

    // Act
    const put = store.putOrder(
      { ...order, order_id: orderId, status: 'cancelled' },
      { expectedRevision: revision },
    );

    // Assess
    await expect(put).rejects.toThrow(ConflictError);
    expect((await store.getOrder('#W1000002'))?.status).toBe('pending');
  });

  it('writes a user conditionally and keeps the lookups current', async () => {
    // Prepare
    const user = await store.getUser('ben_marlow_2002');
    if (!user) throw new Error('fixture user missing');
    const moved = { ...user, address: { ...user.address, zip: '55802' } };

    // Act
    await store.putUser('ben_marlow_2002', moved, { expectedRevision: 0 });
    const stale = store.putUser('ben_marlow_2002', user, {
      expectedRevision: 0,
    });

    // Assess
    await expect(stale).rejects.toThrow(ConflictError);
    expect((await store.getUser('ben_marlow_2002'))?.revision).toBe(1);
    expect(await store.findUserIdByNameZip('Ben', 'Marlow', '55802')).toBe(
      'ben_marlow_2002',
    );
  });
});
