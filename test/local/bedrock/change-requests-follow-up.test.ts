import { ChangeDriver, converse, round } from './change-driver';
import { afterOrderLookup, PAD } from './change-requests-fixtures';

describe('offlineConverse change requests', () => {
  it.each([
    [
      'an order id',
      'I want to cancel my order, I ordered it by mistake',
      '#W5520914',
      'cancel_pending_order',
    ],
    [
      'the items',
      'I want to return the tent from order #W4817203',
      'just the stove',
      'return_delivered_order_items',
    ],
    [
      'a cancel reason',
      'Cancel #W5520914',
      'ordered by mistake',
      'cancel_pending_order',
    ],
  ])(
    'resumes the change once the customer gives %s',
    async (_what, request, answer, name) => {
      // Prepare
      const driver = new ChangeDriver();
      await driver.turn(request);

      // Act
      const { calls, routes } = await driver.turn(answer);

      // Assess
      expect(calls.at(-1)?.name).toBe(name);
      expect(calls.at(-1)?.status).toBe('awaiting_confirmation');
      expect(routes.at(-1)).toBe('confirm_change');
    },
  );

  it('drops the change when the customer withdraws it', async () => {
    // Prepare
    const driver = new ChangeDriver();
    await driver.turn('return the stove from order #W4817203 please');

    // Act
    const { reply, routes, calls } = await driver.turn('actually, never mind');

    // Assess
    expect(calls).toEqual([]);
    expect(routes).toEqual(['change_outcome']);
    expect(reply).toMatch(/^All right, nothing was changed/);
  });

  it('amends the change put to the customer', async () => {
    // Prepare
    const driver = new ChangeDriver();
    await driver.turn('return the stove from order #W4817203 please');

    // Act
    const { calls } = await driver.turn('only the sleeping pad instead');

    // Assess
    expect(calls.at(-1)).toMatchObject({
      name: 'return_delivered_order_items',
      input: { item_ids: [PAD] },
      status: 'awaiting_confirmation',
    });
  });

  it('does not repeat a change already asked for in the same exchange', async () => {
    // Prepare
    const text = 'please cancel order #W5520914, I ordered it by mistake';
    const input = { order_id: '#W5520914', reason: 'ordered by mistake' };
    const messages = [
      ...(await afterOrderLookup(text, '#W5520914')),
      ...round(
        'cancel_pending_order',
        input,
        {
          error: 'non-pending order cannot be cancelled',
        },
        'error',
      ),
    ];

    // Act
    const { use, route } = converse(messages);

    // Assess
    expect(use).toBeUndefined();
    expect(route).toBe('tool_error');
  });
});
