import {
  claimHandoff,
  decideHandoff,
  getHandoff,
  putOpenHandoff,
} from '../../functions/shared/handoffs';
import type { Handoff } from '../../schemas/handoff';
import { DynaliteItems } from './workflow-steps/dynalite-items';

/** Claims of a handoff's decision against real conditional writes. */
let items: DynaliteItems;

const AT = '2026-12-04T10:00:00.000Z';
const handoff = (handoffId: string): Handoff => ({
  tenantId: 'demo',
  handoffId,
  conversationId: 'conv-1',
  segment: 1,
  status: 'open',
  reason: 'customer_request',
  summary: 'Wants a person.',
  createdAt: AT,
  updatedAt: AT,
});

beforeAll(async () => {
  items = await DynaliteItems.start();
});

afterAll(async () => {
  await items.stop();
});

describe('claimHandoff', () => {
  it('lets one agent hold a decision, and again for the same decision', async () => {
    // Prepare
    const h = handoff('h-1');
    await putOpenHandoff(h, 'token-1');

    // Act
    const sam = await claimHandoff(h, 'resolved', 'sam');
    const samAgain = await claimHandoff(h, 'resolved', 'sam');
    const kim = await claimHandoff(h, 'resolved', 'kim');
    const samOther = await claimHandoff(h, 'handed_back', 'sam');

    // Assess
    expect([sam, samAgain, kim, samOther]).toEqual([true, true, false, false]);
    const stored = await getHandoff('demo', 'h-1');
    expect(stored?.handoff.deciding).toMatchObject({
      outcome: 'resolved',
      agentId: 'sam',
    });
    expect(stored?.taskToken).toBe('token-1');
  });

  it('refuses a handoff no longer open', async () => {
    // Prepare
    const h = handoff('h-2');
    await putOpenHandoff(h, 'token-2');
    await decideHandoff(h, 'expired');

    // Act
    const claimed = await claimHandoff(h, 'resolved', 'sam');

    // Assess
    expect(claimed).toBe(false);
  });
});
