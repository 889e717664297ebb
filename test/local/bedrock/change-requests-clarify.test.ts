import { assistant, ChangeDriver, converse, user } from './change-driver';
import { afterOrderLookup, withProfile } from './change-requests-fixtures';

describe('offlineConverse change requests', () => {
  it.each([
    [
      'I want to return the tent from order #W4817203',
      '#W4817203',
      ['could not find the tent', 'Backpacking Stove and Sleeping Pad'],
    ],
    [
      'Please cancel order #W5520914',
      '#W5520914',
      ['why', 'no longer needed or ordered by mistake'],
    ],
    [
      'I want to exchange something from #W4817203',
      '#W4817203',
      ['Which items', 'Backpacking Stove and Sleeping Pad'],
    ],
    [
      'Please change the payment of order #W1459305',
      '#W1459305',
      ['Which payment method', 'gift card', 'Visa credit card ending in 0068'],
    ],
    [
      'Please change the address of order #W5520914',
      '#W5520914',
      ['new shipping address', 'zip code'],
    ],
  ])('asks rather than guesses for %j', async (text, orderId, facts) => {
    // Prepare
    const messages = await afterOrderLookup(text, orderId);

    // Act
    const { route, text: reply, use } = await withProfile(messages);

    // Assess
    expect(route).toBe('ask_arguments');
    expect(use).toBeUndefined();
    expect(reply).toMatch(/^I can help with that\. .*\?$/);
    for (const fact of facts) expect(reply).toContain(fact);
  });

  it.each([
    ['Please cancel order #W4817203', '#W4817203', 'cannot cancel it'],
    ['return order #W3308846', '#W3308846', 'cannot return items of it'],
    [
      'I want to pay order #W9146850 with another card',
      '#W9146850',
      'nothing to switch to',
    ],
  ])('explains why %j cannot be done', async (text, orderId, reason) => {
    // Prepare
    const driver = new ChangeDriver();

    // Act
    const { reply, routes, calls } = await driver.turn(text);

    // Assess
    expect(routes.at(-1)).toBe('change_unavailable');
    expect(calls.every((c) => c.name.startsWith('get_'))).toBe(true);
    expect(calls[0]?.input).toEqual({ order_id: orderId });
    expect(reply).toContain(reason);
  });

  it.each([
    ['Can I return my shoes?'],
    ['How do I cancel an order?'],
    ['Has my return for #W4817203 been processed?'],
    ['What is the status of order #W3308846?'],
  ])('asks for no change on %j', (text) => {
    // Act
    const { use, text: reply } = converse([
      assistant('Hello! How can I help you today?'),
      user(text),
    ]);

    // Assess
    expect(use?.name ?? 'none').not.toMatch(/^(cancel|return|modify|exch)/);
    expect(reply).not.toMatch(/^To confirm/);
  });
});
