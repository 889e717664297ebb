/** The demo store's products: eight outdoor products and their variants. */
import type { Product } from '../../schemas/store';
import type { NewId, Random } from './random';

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

export function generateProducts(rng: Random, newId: NewId) {
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
