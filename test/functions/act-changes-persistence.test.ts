import { act } from '../../functions/act/act';
import { dynamo } from '../../functions/shared/clients/dynamo';
import { MemoryStore } from '../../functions/shared/store/memory';
import {
  deps,
  failTurnWrite,
  given,
  items,
  ref,
  setUp,
  start,
  stop,
  store,
  storedCalls,
  tearDown,
} from './act-changes-world';
import { CANCEL_SOCKS, toolCall } from './workflow-steps/demo-changes';

beforeAll(start);
afterAll(stop);
beforeEach(setUp);
afterEach(tearDown);

describe('act stores each decision before the next', () => {
  it('keeps the first call when the second fails, and runs only the second again', async () => {
    // Prepare
    await given([
      toolCall('a', 'get_order_details', { order_id: '#W4817203' }),
      toolCall('b', 'get_order_details', { order_id: '#W5520914' }),
    ]);
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
    });
    const getOrder = jest.spyOn(store, 'getOrder');
    getOrder.mockImplementation(async (id) => {
      if (id === '#W5520914' && getOrder.mock.calls.length === 2) {
        throw throttled;
      }
      return MemoryStore.prototype.getOrder.call(store, id);
    });
    await expect(act(ref(), deps())).rejects.toThrow('backend');
    const [first, second] = await storedCalls();

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(first?.status).toBe('succeeded');
    expect(second?.status).toBe('requested');
    expect(output).toEqual({ ran: 1, approval: false });
    expect(getOrder.mock.calls.map(([id]) => id)).toEqual([
      '#W4817203',
      '#W5520914',
      '#W5520914',
    ]);
    expect((await storedCalls())[1]?.status).toBe('succeeded');
  });

  it('keeps the change put to the customer when a later call fails', async () => {
    // Prepare
    await given([
      toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS),
      toolCall('read', 'get_order_details', { order_id: '#W4817203' }),
    ]);
    failTurnWrite(1);
    await expect(act(ref(), deps())).rejects.toThrow('unavailable');
    const [asked, unread] = await storedCalls();

    // Act
    await act(ref(), deps());

    // Assess
    expect(asked?.status).toBe('awaiting_confirmation');
    expect(unread?.status).toBe('requested');
    const [first, second] = await storedCalls();
    expect(first).toEqual(asked);
    expect(second?.status).toBe('succeeded');
    expect((await items.head(ref()))?.pendingConfirmation).toMatchObject({
      callId: 'socks',
    });
  });

  it('writes nothing when no call is open', async () => {
    // Prepare
    const declined = toolCall('socks', 'cancel_pending_order', CANCEL_SOCKS, {
      status: 'declined',
      result: '{"status":"declined"}',
    });
    await given([declined]);
    const send = jest.spyOn(dynamo, 'send');

    // Act
    const output = await act(ref(), deps());

    // Assess
    expect(output).toEqual({ ran: 0, approval: false });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
