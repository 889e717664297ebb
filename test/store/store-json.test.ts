import { ValidationError } from '../../functions/shared/errors';
import {
  decodeStoreJson,
  encodeStoreJson,
  orderJson,
  productJson,
  userJson,
} from '../../functions/shared/store/json';
import { storeJson } from './fixtures';

describe('decodeStoreJson', () => {
  it('turns dollars into integer cents', () => {
    // Prepare
    const json = storeJson();

    // Act
    const data = decodeStoreJson(json);

    // Assess
    expect(data.orders['#W1000001'].items.map((i) => i.price)).toEqual([
      1999, 29,
    ]);
    expect(data.orders['#W1000001'].payment_history[0].amount).toBe(2028);
    expect(data.products['1111111111'].variants['1111100002'].price).toBe(2450);
    expect(data.users.ada_quill_1001.payment_methods.gift_card_1000002).toEqual(
      { source: 'gift_card', balance: 2550, id: 'gift_card_1000002' },
    );
  });

  it.each([
    ['user id', 'users', ['users', 'Ada_1'], {}],
    ['order id', 'orders', ['orders', '#W1000001', 'order_id'], 'W1000001'],
    ['order status', 'orders', ['orders', '#W1000001', 'status'], 'lost'],
    [
      'price',
      'products',
      ['products', '1111111111', 'variants', '1111100001', 'price'],
      '19.99',
    ],
  ])(
    'throws a ValidationError naming the file for a bad %s',
    (_, file, path, value) => {
      // Prepare
      const json = storeJson();
      setPath(json, path, value);

      // Act
      const decode = () => decodeStoreJson(json);

      // Assess
      expect(decode).toThrow(ValidationError);
      expect(decode).toThrow(`Invalid ${file}.json`);
    },
  );
});

/** Sets a nested field of a JSON value, creating nothing on the way. */
function setPath(json: object, path: readonly string[], value: unknown) {
  const parent = path
    .slice(0, -1)
    .reduce<Record<string, unknown>>(
      (node, key) => node[key] as Record<string, unknown>,
      json as Record<string, unknown>,
    );
  parent[path[path.length - 1]] = value;
}

describe('encodeStoreJson', () => {
  it('gives back the τ-bench JSON it was decoded from', () => {
    // Prepare
    const json = storeJson();

    // Act
    const encoded = encodeStoreJson(decodeStoreJson(json));

    // Assess
    expect(encoded).toEqual(json);
  });

  it('writes records in τ-bench key order', () => {
    // Prepare
    const data = decodeStoreJson(storeJson());

    // Act
    const user = userJson(data.users.ada_quill_1001);
    const order = orderJson(data.orders['#W1000001']);
    const product = productJson(data.products['1111111111']);

    // Assess
    expect(Object.keys(user)).toEqual([
      'name',
      'address',
      'email',
      'payment_methods',
      'orders',
    ]);
    expect(Object.keys(order)).toEqual([
      'order_id',
      'user_id',
      'address',
      'items',
      'fulfillments',
      'status',
      'payment_history',
    ]);
    expect(Object.keys(product)).toEqual(['name', 'product_id', 'variants']);
  });
});
