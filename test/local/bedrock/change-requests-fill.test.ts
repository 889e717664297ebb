import {
  ChangeDriver,
  converse,
  demoResult,
  round,
  user,
} from './change-driver';
import {
  afterOrderLookup,
  MAYA,
  PAD,
  SOCKS,
  STOVE,
  withProfile,
} from './change-requests-fixtures';

describe('offlineConverse change requests', () => {
  it.each([
    ['I want to return the tent from order #W4817203', '#W4817203'],
    ['please cancel order #W5520914, I ordered it by mistake', '#W5520914'],
    ['return everything from #W4817203 and refund it to my card', '#W4817203'],
    ['I want to pay order #W5520914 with my gift card', '#W5520914'],
    ['Can you exchange the stove in W4817203?', '#W4817203'],
    [
      'Please change the address of order #W5520914 to 12 Oak Street, ' +
        'Portland, OR 97205',
      '#W5520914',
    ],
  ])('looks the order up before changing it for %j', (text, orderId) => {
    // Act
    const { response, use } = converse([user(text)]);

    // Assess
    expect(response.stopReason).toBe('tool_use');
    expect(use).toMatchObject({
      name: 'get_order_details',
      input: { order_id: orderId },
    });
  });

  it.each([
    [
      'return everything from #W4817203 and refund it to my card',
      '#W4817203',
      'return_delivered_order_items',
      {
        order_id: '#W4817203',
        item_ids: [STOVE, PAD],
        payment_method_id: 'credit_card_2278437',
      },
    ],
    [
      'I want to return the stove from order #W4817203',
      '#W4817203',
      'return_delivered_order_items',
      {
        order_id: '#W4817203',
        item_ids: [STOVE],
        payment_method_id: 'credit_card_2278437',
      },
    ],
    [
      'Please send item 5917732742 of #W4817203 back, it leaks',
      '#W4817203',
      'return_delivered_order_items',
      {
        order_id: '#W4817203',
        item_ids: [PAD],
        payment_method_id: 'credit_card_2278437',
      },
    ],
    [
      'I want a refund for order #W3555956',
      '#W3555956',
      'return_delivered_order_items',
      {
        order_id: '#W3555956',
        item_ids: ['4075079533', '8011554822'],
        payment_method_id: 'paypal_6201601',
      },
    ],
    [
      'please cancel order #W5520914, I ordered it by mistake',
      '#W5520914',
      'cancel_pending_order',
      { order_id: '#W5520914', reason: 'ordered by mistake' },
    ],
    [
      "Cancel #W5520914 please, I don't need it anymore",
      '#W5520914',
      'cancel_pending_order',
      { order_id: '#W5520914', reason: 'no longer needed' },
    ],
    [
      'I want to pay order #W1459305 with my credit card instead',
      '#W1459305',
      'modify_pending_order_payment',
      { order_id: '#W1459305', payment_method_id: 'credit_card_2513252' },
    ],
    [
      'Please change the address of order #W5520914 to 12 Oak Street, ' +
        'Apt 4, Portland, OR 97205',
      '#W5520914',
      'modify_pending_order_address',
      {
        order_id: '#W5520914',
        address1: '12 Oak Street',
        address2: 'Apt 4',
        city: 'Portland',
        state: 'OR',
        zip: '97205',
        country: 'USA',
      },
    ],
    [
      'The address on #W5520914 is wrong, ship it to [ADDRESS_1], Bend, ' +
        'OR 97701, USA',
      '#W5520914',
      'modify_pending_order_address',
      {
        order_id: '#W5520914',
        address1: '[ADDRESS_1]',
        address2: '',
        city: 'Bend',
        state: 'OR',
        zip: '97701',
        country: 'USA',
      },
    ],
  ])(
    'fills the change for %j from the order record',
    async (text, orderId, name, input) => {
      // Prepare
      const messages = await afterOrderLookup(text, orderId);

      // Act
      const { response, use } = await withProfile(messages);

      // Assess
      expect(response.stopReason).toBe('tool_use');
      expect(use).toEqual({
        toolUseId: expect.stringMatching(/^tooluse_[\w-]{22}$/),
        name,
        input,
      });
    },
  );

  it.each([
    [
      'a gift card on the profile',
      '#W4817203',
      'return_delivered_order_items',
      'gift_card_5289616',
    ],
    [
      'no gift card on the profile',
      '#W9944333',
      'return_delivered_order_items',
      'credit_card_2638222',
    ],
  ])(
    'refunds to the gift card asked for with %s',
    async (_case, orderId, name, method) => {
      // Prepare
      const text = `Please return everything from ${orderId} to my gift card`;
      const first = await afterOrderLookup(text, orderId);
      const order = await demoResult('get_order_details', {
        order_id: orderId,
      });
      const userId = String(order.user_id);
      const profile = await demoResult('get_user_details', { user_id: userId });

      // Act
      const lookup = converse(first).use;
      const change = converse([
        ...first,
        ...round('get_user_details', { user_id: userId }, profile),
      ]).use;

      // Assess
      expect(lookup).toMatchObject({
        name: 'get_user_details',
        input: { user_id: userId },
      });
      expect(change).toMatchObject({
        name,
        input: { order_id: orderId, payment_method_id: method },
      });
    },
  );

  it.each([
    [
      'I want to swap the socks in #W5520914 for size M',
      'modify_pending_order_items',
      { item_ids: [SOCKS], new_item_ids: ['7775272882'] },
    ],
    [
      'exchange the sleeping pad from #W4817203 for the long one',
      'exchange_delivered_order_items',
      { item_ids: [PAD], new_item_ids: ['4677385411'] },
    ],
    [
      'exchange the pad from #W4817203 for a self-inflating one',
      'exchange_delivered_order_items',
      { item_ids: [PAD], new_item_ids: ['1936833406'] },
    ],
  ])(
    'chains order and product lookups into the swap %j',
    async (text, name, items) => {
      // Prepare
      const driver = new ChangeDriver();

      // Act
      const { calls, routes, reply } = await driver.turn(text);

      // Assess
      expect(calls.map((c) => c.name)).toEqual([
        'get_order_details',
        'get_product_details',
        name,
      ]);
      expect(calls[2]?.input).toEqual({
        order_id: expect.stringMatching(/^#W/),
        ...items,
        payment_method_id: 'credit_card_2278437',
      });
      expect(routes.at(-1)).toBe('confirm_change');
      expect(reply).toMatch(/^To confirm: /);
    },
  );

  it('finds the user id by email before changing the default address', async () => {
    // Prepare
    const driver = new ChangeDriver();
    const text =
      'My email is maya.lindqvist@example.com. Please update my default ' +
      'address to 77 Elm Rd, Bend, OR 97701';

    // Act
    const { calls } = await driver.turn(text);

    // Assess
    expect(calls.map((c) => [c.name, c.input])).toEqual([
      ['find_user_id_by_email', { email: 'maya.lindqvist@example.com' }],
      ['get_user_details', { user_id: MAYA }],
      [
        'modify_user_address',
        {
          user_id: MAYA,
          address1: '77 Elm Rd',
          address2: '',
          city: 'Bend',
          state: 'OR',
          zip: '97701',
          country: 'USA',
        },
      ],
    ]);
  });
});
