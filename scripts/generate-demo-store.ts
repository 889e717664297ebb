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
import type {
  Address,
  Order,
  OrderStatus,
  PaymentMethod,
  Product,
  StoreData,
  User,
} from '../schemas/store';

const OUTPUT_DIR = 'tenants/demo/store';
const SEED = 20_261_203;

/** Records the README's demo walks through: fixed, whatever else changes. */
export const DEMO_CUSTOMER = {
  userId: 'maya_lindqvist_2417',
  firstName: 'Maya',
  lastName: 'Lindqvist',
  email: 'maya.lindqvist@example.com',
  zip: '97214',
  orders: {
    delivered: '#W4817203',
    pending: '#W5520914',
    processed: '#W3308846',
  },
} as const;

/** Mulberry32: a small, fast, seedable generator of numbers in [0, 1). */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) =>
    min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = int(0, i);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  const digits = (count: number, first = '') => {
    let text = first;
    while (text.length < count) text += String(int(0, 9));
    return text;
  };
  return { next, int, pick, shuffle, digits };
}

type Random = ReturnType<typeof random>;

interface ProductPlan {
  readonly name: string;
  readonly basePriceCents: number;
  readonly options: Readonly<Record<string, readonly string[]>>;
  readonly variants: number;
}

const PRODUCTS: readonly ProductPlan[] = [
  {
    name: 'Trail Backpack',
    basePriceCents: 12_900,
    options: {
      capacity: ['24L', '32L', '45L'],
      color: ['moss', 'slate', 'rust'],
    },
    variants: 6,
  },
  {
    name: 'Rain Shell Jacket',
    basePriceCents: 16_500,
    options: { size: ['S', 'M', 'L', 'XL'], color: ['navy', 'ember'] },
    variants: 5,
  },
  {
    name: 'Merino Hiking Socks',
    basePriceCents: 2_200,
    options: { size: ['S', 'M', 'L'], cushion: ['light', 'full'] },
    variants: 4,
  },
  {
    name: 'Headlamp',
    basePriceCents: 3_900,
    options: {
      brightness: ['250 lm', '400 lm', '600 lm'],
      power: ['AAA batteries', 'rechargeable'],
    },
    variants: 4,
  },
  {
    name: 'Insulated Bottle',
    basePriceCents: 2_800,
    options: {
      capacity: ['500ml', '750ml', '1000ml'],
      color: ['glacier', 'charcoal', 'sunset'],
    },
    variants: 5,
  },
  {
    name: 'Camp Hammock',
    basePriceCents: 6_900,
    options: { size: ['single', 'double'], 'bug net': ['yes', 'no'] },
    variants: 3,
  },
  {
    name: 'Backpacking Stove',
    basePriceCents: 5_400,
    options: {
      fuel: ['canister', 'liquid fuel'],
      ignition: ['piezo', 'manual'],
    },
    variants: 3,
  },
  {
    name: 'Sleeping Pad',
    basePriceCents: 8_900,
    options: {
      type: ['self-inflating', 'air', 'closed-cell foam'],
      length: ['regular', 'long'],
    },
    variants: 5,
  },
];

const FIRST_NAMES = (
  'Amara Beatriz Clara Dmitri Felix Greta Hana Idris Ingrid Kenji ' +
  'Kofi Leilani Maren Mateo Nadia Oskar Priya Rohan Soren Thalia ' +
  'Tomas Yuki Zara Bruno'
).split(' ');

const LAST_NAMES = (
  'Ashworth Brennan Castellano Delgado Ferreira Fontaine Haddad ' +
  'Kowalski Mbeki Nakamura Novak Okafor Osei Quinlan Sorensen ' +
  'Takahashi Whitlock Alvarado Eriksen Marsh'
).split(' ');

const STREETS = (
  'Alder Street, Cedar Lane, Juniper Way, Harbor View Road, ' +
  'Quarry Hill Drive, Willow Bend, Foxglove Court, Ridgeline Avenue, ' +
  'Old Mill Road, Larkspur Place, Bramble Row, Granite Terrace'
).split(', ');

const CITIES: readonly { city: string; state: string; zip: string }[] = [
  { city: 'Portland', state: 'OR', zip: '972' },
  { city: 'Boise', state: 'ID', zip: '837' },
  { city: 'Asheville', state: 'NC', zip: '288' },
  { city: 'Flagstaff', state: 'AZ', zip: '860' },
  { city: 'Burlington', state: 'VT', zip: '054' },
  { city: 'Duluth', state: 'MN', zip: '558' },
  { city: 'Missoula', state: 'MT', zip: '598' },
  { city: 'Santa Fe', state: 'NM', zip: '875' },
  { city: 'Madison', state: 'WI', zip: '537' },
  { city: 'Chattanooga', state: 'TN', zip: '374' },
];

/** How many orders of each status the store holds, besides the demo's. */
const STATUS_PLAN: Readonly<Record<OrderStatus, number>> = {
  pending: 13,
  'pending (item modified)': 0,
  processed: 9,
  delivered: 17,
  cancelled: 6,
  'return requested': 6,
  'exchange requested': 6,
};

const USER_COUNT = 25;

/** Hands out random digit strings that were not handed out before. */
function uniqueIds(rng: Random, reserved: readonly string[]) {
  const taken = new Set(reserved);
  return (length: number, prefix = '') => {
    for (;;) {
      const id = `${prefix}${rng.digits(length, String(rng.int(1, 9)))}`;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
}

function generateProducts(rng: Random, newId: (n: number) => string) {
  return PRODUCTS.map((plan): Product => {
    const combos = rng
      .shuffle(combinations(plan.options))
      .slice(0, plan.variants);
    const variants = combos.map((options, i) => {
      const item_id = newId(10);
      const price = plan.basePriceCents + rng.int(-900, 2_500) + i * 150;
      // Two variants of each product always stay in stock.
      const available = i < 2 || rng.next() > 0.25;
      return [item_id, { item_id, options, available, price }] as const;
    });
    return {
      name: plan.name,
      product_id: newId(10),
      variants: Object.fromEntries(variants),
    };
  });
}

function combinations(options: ProductPlan['options']) {
  return Object.entries(options).reduce<Record<string, string>[]>(
    (combos, [key, values]) =>
      combos.flatMap((combo) => values.map((v) => ({ ...combo, [key]: v }))),
    [{}],
  );
}

function generateAddress(rng: Random): Address {
  const place = rng.pick(CITIES);
  const unit = rng.pick([
    '',
    '',
    `Apt ${rng.int(1, 40)}`,
    `Suite ${rng.int(100, 999)}`,
  ]);
  return {
    address1: `${rng.int(10, 9_899)} ${rng.pick(STREETS)}`,
    address2: unit,
    city: place.city,
    country: 'USA',
    state: place.state,
    zip: `${place.zip}${rng.digits(2)}`,
  };
}

function generatePaymentMethods(
  rng: Random,
  newId: (n: number, prefix?: string) => string,
): Record<string, PaymentMethod> {
  const methods: PaymentMethod[] = [
    {
      source: 'credit_card',
      brand: rng.pick(['visa', 'mastercard', 'amex']),
      last_four: rng.digits(4),
      id: newId(7, 'credit_card_'),
    },
  ];
  if (rng.next() < 0.5) {
    methods.push({ source: 'paypal', id: newId(7, 'paypal_') });
  }
  if (rng.next() < 0.5) {
    const balance = rng.pick([2_500, 5_000, 10_000]) - rng.int(0, 2_000);
    methods.push({ source: 'gift_card', balance, id: newId(7, 'gift_card_') });
  }
  return Object.fromEntries(rng.shuffle(methods).map((m) => [m.id, m]));
}

function generateUsers(
  rng: Random,
  newId: (n: number, prefix?: string) => string,
): [string, User][] {
  const names = rng
    .shuffle(FIRST_NAMES.flatMap((f) => LAST_NAMES.map((l) => [f, l])))
    .filter(([, last]) => last !== DEMO_CUSTOMER.lastName)
    .slice(0, USER_COUNT - 1);

  const users = names.map(([first, last]): [string, User] => {
    const slug = `${first}_${last}`.toLowerCase();
    return [
      `${slug}_${newId(4)}`,
      {
        name: { first_name: first, last_name: last },
        address: generateAddress(rng),
        email: `${slug.replace('_', '.')}${rng.digits(2)}@example.com`,
        payment_methods: generatePaymentMethods(rng, newId),
        orders: [],
      },
    ];
  });
  return [demoUser(rng, newId), ...users];
}

function demoUser(
  rng: Random,
  newId: (n: number, prefix?: string) => string,
): [string, User] {
  const card: PaymentMethod = {
    source: 'credit_card',
    brand: 'visa',
    last_four: '4417',
    id: newId(7, 'credit_card_'),
  };
  const gift: PaymentMethod = {
    source: 'gift_card',
    balance: 4_250,
    id: newId(7, 'gift_card_'),
  };
  return [
    DEMO_CUSTOMER.userId,
    {
      name: {
        first_name: DEMO_CUSTOMER.firstName,
        last_name: DEMO_CUSTOMER.lastName,
      },
      address: {
        ...generateAddress(rng),
        city: 'Portland',
        state: 'OR',
        zip: DEMO_CUSTOMER.zip,
      },
      email: DEMO_CUSTOMER.email,
      payment_methods: { [card.id]: card, [gift.id]: gift },
      orders: [],
    },
  ];
}

interface OrderPlan {
  readonly orderId: string;
  readonly userId: string;
  readonly status: OrderStatus;
}

/** Which user places which order with which status. */
function planOrders(
  rng: Random,
  userIds: readonly string[],
  newId: (n: number, prefix?: string) => string,
): OrderPlan[] {
  const demo = Object.entries(DEMO_CUSTOMER.orders).map(
    ([status, orderId]) => ({
      orderId,
      userId: DEMO_CUSTOMER.userId,
      status: status as OrderStatus,
    }),
  );
  const statuses = rng.shuffle(
    Object.entries(STATUS_PLAN).flatMap(([status, count]) =>
      Array.from({ length: count }, () => status as OrderStatus),
    ),
  );
  const others = userIds.slice(1);
  // Everyone orders at least once; the rest of the orders go anywhere.
  const owners = [
    ...others,
    ...statuses.slice(others.length).map(() => rng.pick(others)),
  ];
  const rest = statuses.map((status, i) => ({
    orderId: newId(7, '#W'),
    userId: owners[i],
    status,
  }));
  return [...demo, ...rest];
}

function generateOrder(
  rng: Random,
  plan: OrderPlan,
  user: User,
  products: readonly Product[],
  newId: (n: number) => string,
): Order {
  const lines = rng
    .shuffle(products)
    .slice(0, rng.int(1, 4))
    .map((product) => {
      const variant = rng.pick(Object.values(product.variants));
      return {
        name: product.name,
        product_id: product.product_id,
        item_id: variant.item_id,
        price: variant.price,
        options: variant.options,
      };
    });
  const total = lines.reduce((sum, line) => sum + line.price, 0);
  const method = choosePaymentMethod(rng, user, total);
  const order: Order = {
    order_id: plan.orderId,
    user_id: plan.userId,
    address: user.address,
    items: lines,
    fulfillments: [],
    status: plan.status,
    payment_history: [
      { transaction_type: 'payment', amount: total, payment_method_id: method },
    ],
  };
  return applyStatus(rng, order, user, products, newId);
}

/** A gift card pays only when its balance covers the whole order. */
function choosePaymentMethod(rng: Random, user: User, total: number): string {
  const usable = Object.values(user.payment_methods).filter(
    (m) => m.source !== 'gift_card' || m.balance >= total,
  );
  return rng.pick(usable).id;
}

/** Adds what the order's status implies: parcels, refunds, requests. */
function applyStatus(
  rng: Random,
  order: Order,
  user: User,
  products: readonly Product[],
  newId: (n: number) => string,
): Order {
  const payment = order.payment_history[0];
  const itemIds = order.items.map((item) => item.item_id);
  const shipped = !['pending', 'cancelled'].includes(order.status);
  const fulfillments = shipped ? parcels(rng, itemIds, newId) : [];

  switch (order.status) {
    case 'cancelled':
      return {
        ...order,
        payment_history: [payment, { ...payment, transaction_type: 'refund' }],
        cancel_reason: rng.pick(['no longer needed', 'ordered by mistake']),
      };
    case 'return requested':
      return {
        ...order,
        fulfillments,
        return_items: someOf(rng, itemIds),
        return_payment_method_id: payment.payment_method_id,
      };
    case 'exchange requested':
      return {
        ...order,
        fulfillments,
        ...exchange(rng, order, user, products),
      };
    default:
      return { ...order, fulfillments };
  }
}

function parcels(
  rng: Random,
  itemIds: readonly string[],
  newId: (n: number) => string,
): Order['fulfillments'] {
  const split = itemIds.length > 2 && rng.next() < 0.4 ? 2 : 1;
  const cut = Math.ceil(itemIds.length / split);
  return Array.from({ length: split }, (_, i) => ({
    tracking_id: [newId(12)],
    item_ids: itemIds.slice(i * cut, (i + 1) * cut),
  }));
}

const someOf = (rng: Random, ids: readonly string[]) =>
  rng.shuffle(ids).slice(0, rng.int(1, ids.length)).sort();

/** Swaps some items for other in-stock variants of the same products. */
function exchange(
  rng: Random,
  order: Order,
  user: User,
  products: readonly Product[],
): Partial<Order> {
  const swaps = rng
    .shuffle(order.items)
    .slice(0, rng.int(1, order.items.length))
    .map((item) => {
      const product = products.find((p) => p.product_id === item.product_id);
      const choices = Object.values(product?.variants ?? {}).filter(
        (v) => v.available && v.item_id !== item.item_id,
      );
      return { item, next: rng.pick(choices) };
    })
    .sort((a, b) => (a.item.item_id < b.item.item_id ? -1 : 1));
  const difference = swaps.reduce(
    (sum, { item, next }) => sum + next.price - item.price,
    0,
  );
  return {
    exchange_items: swaps.map(({ item }) => item.item_id),
    exchange_new_items: swaps.map(({ next }) => next.item_id),
    exchange_payment_method_id: choosePaymentMethod(
      rng,
      user,
      Math.max(0, difference),
    ),
    exchange_price_difference: difference,
  };
}

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
