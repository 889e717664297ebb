import { TOOL_CATALOGUE } from '../../../functions/shared/tool-catalogue';
import { readAddress } from '../../../local/bedrock/change/address';
import { changeIntent } from '../../../local/bedrock/change/intent';
import { chooseItems, orderItems } from '../../../local/bedrock/change/items';
import {
  askedMethods,
  methodsOf,
  methodWords,
} from '../../../local/bedrock/change/payment';
import { meantValue } from '../../../local/bedrock/change/reason';
import { chooseVariant } from '../../../local/bedrock/change/variants';
import type { WireMessage } from '../../../local/bedrock/wire';
import { DEMO_TOOL_CONFIG, demoResult } from './change-driver';

const user = (text: string): WireMessage => ({
  role: 'user',
  content: [{ text }],
});
const assistant = (text: string): WireMessage => ({
  role: 'assistant',
  content: [{ text }],
});
const hasOrderId = (text: string) => /#?W\d{7}\b/.test(text);

/** The cancel reason's schema as the model receives it. */
const REASON = (
  DEMO_TOOL_CONFIG.tools as {
    toolSpec: {
      name: string;
      inputSchema: { json: { properties: Record<string, object> } };
    };
  }[]
).find((t) => t.toolSpec.name === 'cancel_pending_order')?.toolSpec.inputSchema
  .json.properties.reason;

describe('changeIntent', () => {
  it.each([
    ['please cancel order #W5520914', 'cancel'],
    ['I want to return the tent from order #W4817203', 'return'],
    ['Can you send the stove from #W4817203 back?', 'return'],
    ['I want a refund for #W4817203', 'refund'],
    ['swap the socks in #W5520914 for size M', 'swap'],
    ['I want to change the size of my jacket in #W5520914', 'swap'],
    ['pay #W5520914 with my gift card instead', 'payment'],
    ['change the shipping address of #W5520914', 'order_address'],
    ['please update my default address', 'user_address'],
    ['I moved, please change my address', 'user_address'],
  ])('reads %j as a %s request', (text, kind) => {
    // Act
    const intent = changeIntent([user(text)], hasOrderId);

    // Assess
    expect(intent).toEqual({ kind, texts: [text] });
  });

  it.each([
    'Can I return my shoes?',
    'How do I cancel an order?',
    'What is your return policy?',
    'Has my return for #W4817203 been processed?',
    'Which payment methods do you accept?',
    'Where is my order #W4817203?',
  ])('reads no request in %j', (text) => {
    // Act
    const intent = changeIntent([user(text)], hasOrderId);

    // Assess
    expect(intent).toBeUndefined();
  });

  it.each([
    [
      'a question for a missing detail',
      'I can help with that. Could you tell me your order ID?',
      '#W5520914',
      { kind: 'cancel', texts: ['Cancel my order please', '#W5520914'] },
    ],
    [
      'a change put to the customer',
      'To confirm: cancel order #W5520914. Reply yes to go ahead, or no.',
      'because I ordered it by mistake',
      {
        kind: 'cancel',
        texts: ['Cancel my order please', 'because I ordered it by mistake'],
      },
    ],
    [
      'a change put to the customer',
      'To confirm: cancel order #W5520914. Reply yes to go ahead, or no.',
      'hmm, never mind',
      'withdrawn',
    ],
    [
      'a question for the reason',
      'I can help with that. Could you tell me why?',
      'no longer needed',
      { kind: 'cancel', texts: ['Cancel my order please', 'no longer needed'] },
    ],
    [
      'an answer that asked nothing',
      'Your order #W5520914 is pending.',
      '#W5520914',
      undefined,
    ],
  ])('resumes a request after %s', (_case, reply, answer, expected) => {
    // Prepare
    const messages = [
      user('Cancel my order please'),
      assistant(reply),
      user(answer),
    ];

    // Act
    const intent = changeIntent(messages, hasOrderId);

    // Assess
    expect(intent).toEqual(expected);
  });
});

describe('chooseItems', () => {
  it.each([
    [['return everything from #W4817203'], 'none', []],
    [['return the whole order #W4817203'], 'none', []],
    [['I want to return the stove, it is too heavy'], 'named', ['6587062274']],
    [['return item 5917732742 please'], 'named', ['5917732742']],
    [
      ['return the stove and the sleeping pad from order #W4817203'],
      'named',
      ['6587062274', '5917732742'],
    ],
    [
      ['return the stove from #W4817203', 'no wait, just the pad'],
      'named',
      ['5917732742'],
    ],
  ])('finds in %j the items %s', async (texts, kind, ids) => {
    // Prepare
    const order = await demoResult('get_order_details', {
      order_id: '#W4817203',
    });

    // Act
    const choice = chooseItems(orderItems(order), texts);

    // Assess
    expect(choice.kind).toBe(kind);
    const chosen = choice.kind === 'named' ? choice.items : [];
    expect(chosen.map((item) => item.item_id)).toEqual(ids);
  });

  it.each([
    ['I want to return the tent from order #W4817203', 'tent'],
    ['return the stove and the camp chair from order #W4817203', 'camp chair'],
    ['Please exchange the red jacket', 'red jacket'],
  ])('reports what %j names that the order lacks', async (text, thing) => {
    // Prepare
    const order = await demoResult('get_order_details', {
      order_id: '#W4817203',
    });

    // Act
    const choice = chooseItems(orderItems(order), [text]);

    // Assess
    expect(choice).toEqual({ kind: 'unknown', thing });
  });
});

describe('chooseVariant', () => {
  it.each([
    ['for the long one', { kind: 'found', itemId: '4677385411' }],
    ['a self-inflating one please', { kind: 'found', itemId: '1936833406' }],
    ['closed-cell foam, long', { kind: 'found', itemId: '9291319927' }],
    ['I want item 9847185078 instead', { kind: 'found', itemId: '9847185078' }],
    ['a better one', { kind: 'unclear' }],
    ['self-inflating or closed-cell foam', { kind: 'unclear' }],
  ])('picks from %j the variant %j of the sleeping pad', async (text, want) => {
    // Prepare
    const product = await demoResult('get_product_details', {
      product_id: '2806995744',
    });
    const order = await demoResult('get_order_details', {
      order_id: '#W4817203',
    });
    const pad = orderItems(order).find((i) => i.name === 'Sleeping Pad');

    // Act
    const choice = chooseVariant(product, pad as never, [text]);

    // Assess
    expect(choice).toMatchObject(want);
  });

  it('offers the available variants when none fits', async () => {
    // Prepare
    const product = await demoResult('get_product_details', {
      product_id: '5122665417',
    });
    const order = await demoResult('get_order_details', {
      order_id: '#W5520914',
    });
    const [socks] = orderItems(order);

    // Act
    const choice = chooseVariant(product, socks as never, ['size XXL']);

    // Assess
    expect(choice.kind).toBe('unclear');
    expect(choice.kind === 'unclear' && choice.offered).toMatch(/^size /);
  });
});

describe('meantValue', () => {
  it.each([
    ['I ordered it by mistake', 'ordered by mistake'],
    ['ordered by mistake', 'ordered by mistake'],
    ['I bought the wrong size by accident', 'ordered by mistake'],
    ["I don't need it anymore", 'no longer needed'],
    ['I changed my mind', 'no longer needed'],
    ['no longer needed', 'no longer needed'],
    ['cancel it please', undefined],
    ["it was a mistake and I don't need it anymore", undefined],
  ])('reads the reason %j as %j', (text, reason) => {
    // Act
    const value = meantValue(REASON ?? {}, [text]);

    // Assess
    expect(value).toBe(reason);
  });
});

describe('readAddress', () => {
  it.each([
    [
      'ship it to 12 Oak Street, Apt 4, Portland, OR 97205, USA',
      ['12 Oak Street', 'Apt 4', 'Portland', 'OR', '97205', 'USA'],
    ],
    [
      'my new address is 450 Pine Ave Suite 3, Bend OR 97701. Thanks',
      ['450 Pine Ave', 'Suite 3', 'Bend', 'OR', '97701', undefined],
    ],
    [
      '77 Elm Rd, Santa Fe, New Mexico 87524, United States',
      ['77 Elm Rd', '', 'Santa Fe', 'New Mexico', '87524', 'United States'],
    ],
    [
      'it should go to [ADDRESS_1], Portland, OR 97214',
      ['[ADDRESS_1]', '', 'Portland', 'OR', '97214', undefined],
    ],
  ])('reads %j', (text, fields) => {
    // Act
    const address = readAddress([text]);

    // Assess
    const [address1, address2, city, state, zip, country] = fields;
    expect(address).toEqual({
      address1,
      address2,
      city,
      state,
      zip,
      ...(country ? { country } : {}),
    });
  });

  it.each([
    'change the address of #W5520914 please',
    'ship order #W5520914 to 12 Oak Street',
  ])('reads no address in %j', (text) => {
    // Act
    const address = readAddress([text]);

    // Assess
    expect(address).toBeUndefined();
  });
});

describe('askedMethods', () => {
  it.each([
    ['pay with my gift card', ['gift_card_6018694']],
    ['use PayPal', []],
    ['put it on my Visa', ['credit_card_2513252']],
    ['the card ending in 0068', ['credit_card_2513252']],
    ['the card ending in 1111', []],
    ['something else', []],
  ])(
    'finds in %j the methods %j besides the current one',
    async (text, ids) => {
      // Prepare
      const profile = await demoResult('get_user_details', {
        user_id: 'amara_brennan_3854',
      });

      // Act
      const asked = askedMethods(methodsOf(profile), [text], 'paypal_7023793');

      // Assess
      expect(asked.map((m) => m.id)).toEqual(ids);
    },
  );

  it.each([
    ['credit_card_2513252', true, 'your Visa credit card ending in 0068'],
    ['gift_card_6018694', true, 'your gift card'],
    ['paypal_7023793', true, 'your PayPal account'],
    ['credit_card_2513252', false, 'your credit card'],
  ])('names %s (profile at hand: %s) as %j', async (id, known, words) => {
    // Prepare
    const profile = await demoResult('get_user_details', {
      user_id: 'amara_brennan_3854',
    });

    // Act
    const named = methodWords(id, known ? profile : undefined);

    // Assess
    expect(named).toBe(words);
  });
});

describe('the demo tools', () => {
  it('declares the cancel reasons the model chooses from', () => {
    // Assess
    expect(REASON).toMatchObject({
      enum: ['no longer needed', 'ordered by mistake'],
    });
    expect(TOOL_CATALOGUE.cancel_pending_order?.risk).toBe('write');
  });
});
