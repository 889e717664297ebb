import type { StoreJson } from '../../schemas/store';

/**
 * A tiny store in the τ-bench JSON shapes (money in dollars): two users,
 * three orders, two products. Tests take a fresh copy with `storeJson()`.
 */
const STORE: StoreJson = {
  users: {
    ada_quill_1001: {
      name: { first_name: 'Ada', last_name: 'Quill' },
      address: {
        address1: '12 Lantern Way',
        address2: 'Apt 3',
        city: 'Bend',
        country: 'USA',
        state: 'OR',
        zip: '97701',
      },
      email: 'ada.quill@example.com',
      payment_methods: {
        credit_card_1000001: {
          source: 'credit_card',
          brand: 'visa',
          last_four: '1234',
          id: 'credit_card_1000001',
        },
        gift_card_1000002: {
          source: 'gift_card',
          balance: 25.5,
          id: 'gift_card_1000002',
        },
      },
      orders: ['#W1000001', '#W1000002'],
    },
    ben_marlow_2002: {
      name: { first_name: 'Ben', last_name: 'Marlow' },
      address: {
        address1: '9 Fern Street',
        address2: '',
        city: 'Ely',
        country: 'USA',
        state: 'MN',
        zip: '55731',
      },
      email: 'Ben.Marlow@example.com',
      payment_methods: {
        paypal_2000001: { source: 'paypal', id: 'paypal_2000001' },
      },
      orders: ['#W1000003'],
    },
  },
  orders: {
    '#W1000001': {
      order_id: '#W1000001',
      user_id: 'ada_quill_1001',
      address: {
        address1: '12 Lantern Way',
        address2: 'Apt 3',
        city: 'Bend',
        country: 'USA',
        state: 'OR',
        zip: '97701',
      },
      items: [
        {
          name: 'Trail Lantern',
          product_id: '1111111111',
          item_id: '1111100001',
          price: 19.99,
          options: { color: 'green' },
        },
        {
          name: 'Camp Cup',
          product_id: '2222222222',
          item_id: '2222200001',
          price: 0.29,
          options: { size: 'small' },
        },
      ],
      fulfillments: [
        {
          tracking_id: ['100000000001'],
          item_ids: ['1111100001', '2222200001'],
        },
      ],
      status: 'delivered',
      payment_history: [
        {
          transaction_type: 'payment',
          amount: 20.28,
          payment_method_id: 'credit_card_1000001',
        },
      ],
    },
    '#W1000002': {
      order_id: '#W1000002',
      user_id: 'ada_quill_1001',
      address: {
        address1: '12 Lantern Way',
        address2: 'Apt 3',
        city: 'Bend',
        country: 'USA',
        state: 'OR',
        zip: '97701',
      },
      items: [
        {
          name: 'Trail Lantern',
          product_id: '1111111111',
          item_id: '1111100002',
          price: 24.5,
          options: { color: 'orange' },
        },
      ],
      fulfillments: [],
      status: 'pending',
      payment_history: [
        {
          transaction_type: 'payment',
          amount: 24.5,
          payment_method_id: 'gift_card_1000002',
        },
      ],
    },
    '#W1000003': {
      order_id: '#W1000003',
      user_id: 'ben_marlow_2002',
      address: {
        address1: '9 Fern Street',
        address2: '',
        city: 'Ely',
        country: 'USA',
        state: 'MN',
        zip: '55731',
      },
      items: [
        {
          name: 'Camp Cup',
          product_id: '2222222222',
          item_id: '2222200001',
          price: 0.29,
          options: { size: 'small' },
        },
      ],
      fulfillments: [],
      status: 'cancelled',
      payment_history: [
        {
          transaction_type: 'payment',
          amount: 0.29,
          payment_method_id: 'paypal_2000001',
        },
        {
          transaction_type: 'refund',
          amount: 0.29,
          payment_method_id: 'paypal_2000001',
        },
      ],
      cancel_reason: 'ordered by mistake',
    },
  },
  products: {
    '2222222222': {
      name: 'Camp Cup',
      product_id: '2222222222',
      variants: {
        '2222200001': {
          item_id: '2222200001',
          options: { size: 'small' },
          available: true,
          price: 0.29,
        },
      },
    },
    '1111111111': {
      name: 'Trail Lantern',
      product_id: '1111111111',
      variants: {
        '1111100001': {
          item_id: '1111100001',
          options: { color: 'green' },
          available: true,
          price: 19.99,
        },
        '1111100002': {
          item_id: '1111100002',
          options: { color: 'orange' },
          available: false,
          price: 24.5,
        },
      },
    },
  },
};

/** A fresh copy of the fixture store, in τ-bench JSON. */
export const storeJson = (): StoreJson => structuredClone(STORE);
