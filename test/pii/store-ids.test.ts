import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../../functions/shared/pii';

/** The demo tenant's store, and the larger store it was modelled on. */
const STORES = [
  ['the demo store', join(__dirname, '../../tenants/demo/store')],
  [
    'the τ-bench retail store',
    join(__dirname, '../../../shared/data/tau-bench/retail'),
  ],
] as const;

/** Fields of the demo store that hold personal data on purpose. */
const PERSONAL_FIELDS: Readonly<Record<string, string>> = {
  address1: 'ADDRESS',
  email: 'EMAIL',
};

interface Field {
  readonly key: string;
  readonly value: string;
}

/** Every key and every scalar value of a JSON document, as strings. */
function fields(node: unknown, key = ''): Field[] {
  if (Array.isArray(node)) return node.flatMap((item) => fields(item, key));
  if (node !== null && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => [
      { key: 'key', value: k },
      ...fields(v, k),
    ]);
  }
  return [{ key, value: String(node) }];
}

function readStore(dir: string): Field[] {
  return ['users', 'orders', 'products'].flatMap((file) =>
    fields(JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8'))),
  );
}

describe.each(STORES)('%s', (_, dir) => {
  const storeFields = readStore(dir);

  it('holds the kinds of ids the rules are written around', () => {
    // Prepare
    const values = storeFields.map((field) => field.value);

    // Assess
    expect(values.some((v) => /^#W\d{7}$/.test(v))).toBe(true);
    expect(values.some((v) => /^\d{10}$/.test(v))).toBe(true);
    expect(values.some((v) => /^\d{12}$/.test(v))).toBe(true);
    expect(values.some((v) => /^[a-z]+_[a-z]+_\d{4}$/.test(v))).toBe(true);
  });

  it('has no id, price, name or option that reads as personal data', () => {
    // Prepare
    const plain = storeFields.filter((f) => !(f.key in PERSONAL_FIELDS));

    // Act
    const flagged = plain.filter((f) => redact(f.value).entities.length > 0);

    // Assess
    expect(plain.length).toBeGreaterThan(1000);
    expect(flagged).toEqual([]);
  });

  it.each(Object.entries(PERSONAL_FIELDS))(
    'finds every %s as a whole %s',
    (key, type) => {
      // Prepare
      const values = storeFields.filter((f) => f.key === key);

      // Act
      const misses = values.filter(({ value }) => {
        const { entities } = redact(value);
        return !(
          entities.length === 1 &&
          entities[0]?.type === type &&
          entities[0].start === 0 &&
          entities[0].end === value.length
        );
      });

      // Assess
      expect(values.length).toBeGreaterThan(0);
      expect(misses).toEqual([]);
    },
  );
});

describe('messages about orders', () => {
  it.each([
    'Order #W4817203 with items 6587062274 and 5917732742, tracking 350530776154.',
    'I am maya_lindqvist_2417; product 6037827846 cost $58.29 on 2024-05-01.',
    'Refund to credit_card_2278437 ending 4417, gift card gift_card_5289616.',
    'Exchange item 6587062274 for 1978952860 and 8384827032 of product 1286985779.',
    'Tracking ids 350530776154 and 357962501027 show 2 parcels, 1 late.',
  ])('leaves the store ids in %j', (message) => {
    expect(redact(message)).toEqual({ text: message, entities: [] });
  });
});
