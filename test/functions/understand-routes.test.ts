import { routeFor } from '../../functions/understand/routes';
import { WITH_TOOLS } from './understand-world';
import { tenantConfig } from './workflow-steps/fixtures';

describe('routeFor', () => {
  it.each([
    ['greeting', 0.95, {}, 'smalltalk'],
    ['order_lookup', 0.8, {}, 'tool'],
    ['order_lookup', 0.8, { tools: { enabled: [] } }, 'answer'],
    ['handoff_request', 0.9, {}, 'handoff'],
    ['general', 0.5, {}, 'answer'],
    ['refund_status', 0.7, {}, 'answer'],
    [
      'refund_status',
      0.7,
      { intents: { routes: { refund_status: 'tool' } } },
      'tool',
    ],
    [
      'greeting',
      0.95,
      { intents: { routes: { greeting: 'answer' } } },
      'answer',
    ],
    [
      'greeting',
      0.95,
      { intents: { minConfidence: 0.97, threshold: 0.97 } },
      'answer',
    ],
    ['constructor', 0.9, {}, 'answer'],
  ])(
    'routes %s at %d with %j to %s',
    (intent, confidence, overrides, route) => {
      // Prepare
      const config = tenantConfig({ ...WITH_TOOLS, ...overrides });

      // Act
      const result = routeFor({ intent, confidence }, config);

      // Assess
      expect(result).toBe(route);
    },
  );
});
