import type { Gateway } from '../../local/gateway';
import { startTestGateway } from './gateway-world';

let gateway: Gateway;
let healthy: () => boolean | Promise<boolean>;

beforeEach(async () => {
  healthy = () => true;
  ({ gateway } = await startTestGateway({ healthy: () => healthy() }));
});

afterEach(async () => {
  await gateway.close();
});

describe('health', () => {
  it.each([
    ['healthy', () => true, 200, { status: 'ok' }],
    ['unhealthy', () => false, 503, { status: 'unavailable' }],
    [
      'failing',
      () => {
        throw new Error('down');
      },
      503,
      { status: 'unavailable' },
    ],
  ])('answers %s checks with %s', async (_, check, status, body) => {
    // Prepare
    healthy = check;

    // Act
    const response = await fetch(`${gateway.url}/health`);

    // Assess
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(body);
  });
});
