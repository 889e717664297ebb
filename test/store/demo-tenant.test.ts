import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  encodeStoreJson,
  loadStoreDir,
} from '../../functions/shared/store/json';
import { TOOL_CATALOGUE } from '../../functions/shared/tool-catalogue';
import { OrderStatusSchema, type StoreData } from '../../schemas/store';
import { TenantConfigSchema } from '../../schemas/tenant-config';
import { isBuiltInTool } from '../../schemas/tools/built-in';
import {
  DEMO_CUSTOMER,
  generateDemoStore,
} from '../../scripts/generate-demo-store';

const DIR = 'tenants/demo';
const readJson = (file: string): unknown =>
  JSON.parse(readFileSync(join(DIR, file), 'utf8'));

let data: StoreData;

beforeAll(async () => {
  data = await loadStoreDir(join(DIR, 'store'));
});

describe('demo tenant configuration', () => {
  it('is a valid tenant configuration with every tool enabled', () => {
    // Act
    const config = TenantConfigSchema.parse(readJson('tenant.json'));

    // Assess
    expect(config.tenantId).toBe('demo');
    expect(config.languages).toEqual(['en']);
    expect(config.tools.enabled.filter(isBuiltInTool).sort()).toEqual(
      Object.keys(TOOL_CATALOGUE).sort(),
    );
    expect(config.tools.custom.map((tool) => tool.name)).toEqual([
      'track_shipment',
      'estimate_delivery',
    ]);
    expect(config.tools.enabled.filter((name) => !isBuiltInTool(name))).toEqual(
      ['track_shipment', 'estimate_delivery'],
    );
    expect(config.timeouts).toEqual({
      idleTimeoutSeconds: 900,
      handoffTimeoutSeconds: 600,
      handoffHeartbeatSeconds: 300,
      approvalTimeoutSeconds: 1800,
    });
    expect(config.tools.approvalAboveCents).toBe(10_000);
  });
});

describe('demo knowledge', () => {
  const files = readdirSync(join(DIR, 'knowledge'));

  it('holds 8 to 10 markdown articles', () => {
    // Assess
    expect(files.every((f) => /^[a-z0-9-]+\.md$/.test(f))).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(files.length).toBeLessThanOrEqual(10);
  });

  it.each(files)('%s starts with a title and has sections', (file) => {
    // Act
    const text = readFileSync(join(DIR, 'knowledge', file), 'utf8');

    // Assess
    expect(text).toMatch(/^# \S.*\n/);
    expect(text.match(/^## \S/gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text.match(/^# /gm)).toHaveLength(1);
  });
});

describe('demo store', () => {
  it('is what the generator produces', () => {
    // Act
    const generated = encodeStoreJson(generateDemoStore());

    // Assess
    expect(generated).toEqual({
      users: readJson('store/users.json'),
      orders: readJson('store/orders.json'),
      products: readJson('store/products.json'),
    });
  });

  it('parses with the store schemas, so every id has its τ-bench form', () => {
    // Assess
    expect(Object.keys(data.orders).every((id) => /^#W\d{7}$/.test(id))).toBe(
      true,
    );
  });

  it('identifies each user by email, and by name and zip', () => {
    // Prepare
    const users = Object.values(data.users);
    const emails = users.map((u) => u.email.toLowerCase());
    const nameZips = users.map(
      (u) => `${u.name.first_name} ${u.name.last_name} ${u.address.zip}`,
    );

    // Assess
    expect(new Set(emails).size).toBe(users.length);
    expect(new Set(nameZips).size).toBe(users.length);
  });

  it('has a small catalogue, about 25 users and 60 orders', () => {
    // Prepare
    const products = Object.values(data.products);
    const variants = products.map((p) => Object.keys(p.variants).length);

    // Assess
    expect(products).toHaveLength(8);
    expect(Math.min(...variants)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...variants)).toBeLessThanOrEqual(6);
    expect(Object.keys(data.users)).toHaveLength(25);
    expect(Object.keys(data.orders)).toHaveLength(60);
  });

  it('has orders in every status a τ-bench order reaches', () => {
    // Prepare
    const statuses = new Set(Object.values(data.orders).map((o) => o.status));

    // Assess
    for (const status of OrderStatusSchema.options) {
      if (status === 'pending (item modified)') continue;
      expect(statuses).toContain(status);
    }
  });

  it('lists every order under the user who placed it, and no other', () => {
    for (const order of Object.values(data.orders)) {
      expect(data.users[order.user_id]?.orders).toContain(order.order_id);
    }
    for (const [userId, user] of Object.entries(data.users)) {
      for (const orderId of user.orders) {
        expect(data.orders[orderId]?.user_id).toBe(userId);
      }
    }
  });

  it('sells only existing variants, at their catalogue price', () => {
    for (const order of Object.values(data.orders)) {
      for (const item of order.items) {
        const product = data.products[item.product_id];
        const variant = product?.variants[item.item_id];
        expect(product?.name).toBe(item.name);
        expect(variant?.options).toEqual(item.options);
        expect(variant?.price).toBe(item.price);
      }
    }
  });

  it('charges each order its total, to a payment method of its user', () => {
    for (const order of Object.values(data.orders)) {
      const user = data.users[order.user_id];
      const total = order.items.reduce((sum, item) => sum + item.price, 0);
      const [payment, ...refunds] = order.payment_history;
      expect(payment).toMatchObject({
        transaction_type: 'payment',
        amount: total,
      });
      expect(user.payment_methods[payment.payment_method_id]).toBeDefined();
      const refunded = refunds.reduce((sum, r) => sum + r.amount, 0);
      expect(refunded).toBe(order.status === 'cancelled' ? total : 0);
    }
  });

  it('ships exactly the items of orders past pending', () => {
    for (const order of Object.values(data.orders)) {
      const shipped = order.fulfillments.flatMap((f) => f.item_ids).sort();
      const expected = ['pending', 'cancelled'].includes(order.status)
        ? []
        : order.items.map((item) => item.item_id).sort();
      expect(shipped).toEqual(expected);
    }
  });

  it('exchanges items only for other variants of the same product', () => {
    const exchanges = Object.values(data.orders).filter(
      (o) => o.status === 'exchange requested',
    );
    for (const order of exchanges) {
      const old = order.exchange_items ?? [];
      const next = order.exchange_new_items ?? [];
      expect(next).toHaveLength(old.length);
      old.forEach((itemId, i) => {
        const item = order.items.find((it) => it.item_id === itemId);
        const product = data.products[item?.product_id ?? ''];
        expect(product.variants[next[i]]?.available).toBe(true);
        expect(next[i]).not.toBe(itemId);
      });
    }
  });

  it('holds the demo customer and orders the README refers to', () => {
    // Prepare
    const { userId, email, firstName, lastName, zip, orders } = DEMO_CUSTOMER;
    const user = data.users[userId];

    // Assess
    expect(user).toMatchObject({
      email,
      name: { first_name: firstName, last_name: lastName },
      address: { zip },
    });
    for (const [status, orderId] of Object.entries(orders)) {
      expect(data.orders[orderId]).toMatchObject({ user_id: userId, status });
    }
  });
});
