/**
 * Generates the demo tenant's store (`tenants/demo/store/*.json`): invented
 * products, customers and orders in the τ-bench retail shapes. A seeded
 * generator makes the output the same on every run, so the committed files
 * can be checked against this script.
 *
 * Run: `npx tsx scripts/generate-demo-store.ts`
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeStoreJson } from '../functions/shared/store/json';
import type { StoreData, User } from '../schemas/store';
import { generateProducts } from './demo-store/catalogue';
import { DEMO_CUSTOMER, generateUsers } from './demo-store/customers';
import { generateOrder, planOrders } from './demo-store/orders';
import { random, uniqueIds } from './demo-store/random';

export { DEMO_CUSTOMER } from './demo-store/customers';

const OUTPUT_DIR = 'tenants/demo/store';
const SEED = 20_261_203;

/** The whole demo store, money in cents; the same for the same seed. */
export function generateDemoStore(seed = SEED): StoreData {
  const rng = random(seed);
  const newId = uniqueIds(rng, Object.values(DEMO_CUSTOMER.orders));
  const products = generateProducts(rng, newId);
  const users = generateUsers(rng, newId);
  const userById = new Map(users);
  const plans = planOrders(
    rng,
    users.map(([id]) => id),
    newId,
  );

  const orders = plans.map((plan) => {
    const user = userById.get(plan.userId) as User;
    user.orders.push(plan.orderId);
    return generateOrder(rng, plan, user, products, newId);
  });

  return {
    users: Object.fromEntries(users),
    orders: Object.fromEntries(orders.map((o) => [o.order_id, o])),
    products: Object.fromEntries(products.map((p) => [p.product_id, p])),
  };
}

function writeDemoStore(dir = OUTPUT_DIR): void {
  const json = encodeStoreJson(generateDemoStore());
  const files = Object.entries(json).map(([name, records]) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(records, null, 2)}\n`);
    return file;
  });
  // The repository's formatter owns the layout of committed JSON.
  execFileSync('npx', ['biome', 'format', '--write', ...files], {
    stdio: 'inherit',
  });
  console.log(`Wrote ${files.join(', ')}`);
}

if (process.argv[1]?.endsWith('generate-demo-store.ts')) writeDemoStore();
