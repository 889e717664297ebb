import type { StoreJson } from '../../schemas/store';
import { storeJson } from './fixtures';

/**
 * The fixture store with what the write tools need on top: more lantern
 * variants, a paypal account for Ada, a gift card for Ben, a pending order
 * holding the same item twice and a processed order. Money in dollars.
 *
 * - `#W1000001` delivered (Ada): green lantern 19.99, cup 0.29; paid 20.28
 *   by credit card
 * - `#W1000002` pending (Ada): orange lantern 24.50; paid by gift card
 * - `#W1000004` pending (Ben): two green lanterns; paid 39.98 by paypal
 * - `#W1000005` processed (Ada): cup 0.29; paid by credit card
 */
export function writeStoreJson(): StoreJson {
  const json = storeJson();
  const ada = json.users.ada_quill_1001;
  const ben = json.users.ben_marlow_2002;
  const lantern = json.products['1111111111'];
  const [green] = json.orders['#W1000001'].items;

  ada.payment_methods.paypal_1000003 = {
    source: 'paypal',
    id: 'paypal_1000003',
  };
  ben.payment_methods.gift_card_2000002 = {
    source: 'gift_card',
    balance: 1,
    id: 'gift_card_2000002',
  };
  lantern.variants['1111100003'] = variant('1111100003', 'blue', 29.99);
  lantern.variants['1111100004'] = variant('1111100004', 'red', 14.5);

  json.orders['#W1000004'] = {
    ...structuredClone(json.orders['#W1000003']),
    order_id: '#W1000004',
    items: [structuredClone(green), structuredClone(green)],
    status: 'pending',
    payment_history: [payment(39.98, 'paypal_2000001')],
  };
  delete json.orders['#W1000004'].cancel_reason;
  json.orders['#W1000005'] = {
    ...structuredClone(json.orders['#W1000001']),
    order_id: '#W1000005',
    items: [structuredClone(json.orders['#W1000001'].items[1])],
    status: 'processed',
    payment_history: [payment(0.29, 'credit_card_1000001')],
  };
  ben.orders.push('#W1000004');
  ada.orders.push('#W1000005');
  return json;
}

const variant = (item_id: string, color: string, price: number) => ({
  item_id,
  options: { color },
  available: true,
  price,
});

const payment = (amount: number, payment_method_id: string) => ({
  transaction_type: 'payment' as const,
  amount,
  payment_method_id,
});

/** Item ids of the fixture, by what they are. */
export const ITEM = {
  greenLantern: '1111100001',
  orangeLantern: '1111100002',
  blueLantern: '1111100003',
  redLantern: '1111100004',
  cup: '2222200001',
} as const;
