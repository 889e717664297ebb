import { describeChange } from '../../functions/act/change';
import { orderLabels } from '../../functions/shared/store/labels';
import type { Order, Product, User } from '../../schemas/store';

const ADDRESS = {
  address1: '1 Pine Way',
  address2: '',
  city: 'Bend',
  state: 'OR',
  country: 'USA',
  zip: '97701',
};

const user = (methods: User['payment_methods']): User => ({
  name: { first_name: 'Ada', last_name: 'Quill' },
  address: ADDRESS,
  email: 'ada@example.com',
  payment_methods: methods,
  orders: ['#W1000001'],
});

const order: Order = {
  order_id: '#W1000001',
  user_id: 'ada_1',
  address: ADDRESS,
  items: [
    {
      name: 'Sleeping Pad',
      product_id: '100',
      item_id: '1001',
      price: 10_697,
      options: { type: 'air', size: 'regular' },
    },
    {
      name: 'Tent Stakes',
      product_id: '200',
      item_id: '2001',
      price: 999,
      options: {},
    },
  ],
  fulfillments: [],
  status: 'delivered',
  payment_history: [],
};

const pad: Product = {
  name: 'Sleeping Pad',
  product_id: '100',
  variants: {
    '1002': {
      item_id: '1002',
      options: { type: 'foam', size: 'long' },
      available: true,
      price: 8_000,
    },
  },
};

describe('orderLabels', () => {
  it('names items with their options, variants, and payment methods', () => {
    // Act
    const labels = orderLabels(
      order,
      user({
        credit_card_1: {
          source: 'credit_card',
          id: 'credit_card_1',
          brand: 'visa',
          last_four: '4417',
        },
        paypal_1: { source: 'paypal', id: 'paypal_1' },
        gift_card_1: { source: 'gift_card', id: 'gift_card_1', balance: 500 },
      }),
      [pad],
    );

    // Assess
    expect(labels).toEqual({
      '1001': 'Sleeping Pad (air, regular)',
      '2001': 'Tent Stakes',
      '1002': 'Sleeping Pad (foam, long)',
      credit_card_1: 'Visa card ending 4417',
      paypal_1: 'PayPal account',
      gift_card_1: 'gift card',
    });
  });

  it('tells two gift cards apart by their ids', () => {
    // Act
    const labels = orderLabels(
      order,
      user({
        gift_card_1: { source: 'gift_card', id: 'gift_card_1', balance: 1 },
        gift_card_2: { source: 'gift_card', id: 'gift_card_2', balance: 2 },
      }),
    );

    // Assess
    expect(labels.gift_card_1).toBe('gift card gift_card_1');
    expect(labels.gift_card_2).toBe('gift card gift_card_2');
  });
});

describe('describeChange', () => {
  const exchange = {
    order_id: '#W1000001',
    item_ids: ['1001'],
    new_item_ids: ['1002'],
    payment_method_id: 'credit_card_1',
  };

  it('names items and the payment method as the customer knows them', () => {
    // Act
    const change = describeChange(
      'exchange_delivered_order_items',
      exchange,
      0,
      {
        '1001': 'Sleeping Pad (air, regular)',
        '1002': 'Sleeping Pad (foam, long)',
        credit_card_1: 'Visa card ending 4417',
      },
    );

    // Assess
    expect(change).toBe(
      'exchange Sleeping Pad (air, regular) [item 1001] of order #W1000001 ' +
        'for Sleeping Pad (foam, long) [item 1002], settling the difference ' +
        'with the Visa card ending 4417',
    );
  });

  it('falls back to the ids without names', () => {
    // Act
    const change = describeChange(
      'return_delivered_order_items',
      { ...exchange, item_ids: ['1001', '2001'] },
      10_697,
    );

    // Assess
    expect(change).toBe(
      'return item(s) 1001, 2001 of order #W1000001, refunding ' +
        'credit_card_1; refund of $106.97',
    );
  });
});
