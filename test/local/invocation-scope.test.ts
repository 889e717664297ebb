import { Logger } from '@aws-lambda-powertools/logger';
import { inInvocationScope } from '../../local/invocation-scope';

/** What the logger writes, one parsed line each. */
function captureLines(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(JSON.parse(String(chunk)));
    return true;
  });
  return lines;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => jest.restoreAllMocks());

describe('inInvocationScope', () => {
  it("keeps one invocation's log keys when another resets its own", async () => {
    // Prepare
    const logger = new Logger({ logLevel: 'INFO', serviceName: 'scope' });
    const lines = captureLines();

    // Act: two invocations overlap in one process, as local ones do
    await Promise.all([
      inInvocationScope('request-a', async () => {
        logger.appendKeys({ conversation_id: 'a' });
        await pause(30);
        logger.info('from a');
      }),
      inInvocationScope('request-b', async () => {
        logger.appendKeys({ conversation_id: 'b' });
        await pause(5);
        logger.resetKeys();
        logger.info('from b');
      }),
    ]);

    // Assess
    const byMessage = Object.fromEntries(lines.map((l) => [l.message, l]));
    expect(byMessage['from a']).toMatchObject({ conversation_id: 'a' });
    expect(byMessage['from b']).not.toHaveProperty('conversation_id');
  });

  it('returns what the invocation returns and passes on what it throws', async () => {
    // Act
    const result = await inInvocationScope('request-c', async () => 42);
    const failed = inInvocationScope('request-d', async () => {
      throw new Error('boom');
    });

    // Assess
    expect(result).toBe(42);
    await expect(failed).rejects.toThrow('boom');
  });
});
