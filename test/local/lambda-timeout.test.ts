import { FUNCTIONS } from '../../infra/function-catalogue';
import {
  LOCAL_FUNCTIONS,
  TIMED_OUT,
  timeoutOf,
  withTimeout,
} from '../../local/lambda';

describe('local Lambda timeouts', () => {
  it.each(LOCAL_FUNCTIONS)('gives %s the timeout CDK deploys', (name) => {
    // Act
    const timeoutMs = timeoutOf(name);

    // Assess
    expect(timeoutMs).toBe(FUNCTIONS[name].timeoutSeconds * 1000);
  });

  it('fails an invocation that runs past its timeout as Lambda does', async () => {
    // Prepare
    const hanging = new Promise(() => undefined);

    // Act
    const run = withTimeout(hanging, 20);

    // Assess
    await expect(run).rejects.toMatchObject({
      name: TIMED_OUT,
      message: 'Task timed out after 0.02 seconds',
    });
  });

  it('returns the result of an invocation that ends in time', async () => {
    // Act
    const result = await withTimeout(Promise.resolve({ ok: true }), 1000);

    // Assess
    expect(result).toEqual({ ok: true });
  });

  it('passes on the error of an invocation that fails in time', async () => {
    // Prepare
    const failing = Promise.reject(new RangeError('bad'));

    // Act
    const run = withTimeout(failing, 1000);

    // Assess
    await expect(run).rejects.toThrow(RangeError);
  });
});
