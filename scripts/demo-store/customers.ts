/** The demo store's customers: the demo's own and invented others. */
import type { Address, PaymentMethod, User } from '../../schemas/store';
import type { NewId, Random } from './random';

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

const USER_COUNT = 25;

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
  newId: NewId,
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

export function generateUsers(rng: Random, newId: NewId): [string, User][] {
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

function demoUser(rng: Random, newId: NewId): [string, User] {
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
