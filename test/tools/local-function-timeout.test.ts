import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaContext } from '../../local/lambda';
import { startLambdaApi } from '../../local/tools/lambda-api';
import type { LoopbackServer } from '../../local/tools/loopback';
import { tenantFunctions } from '../../local/tools/tenant-functions';

const payloadOf = (response: { Payload?: Uint8Array }) =>
  JSON.parse(Buffer.from(response.Payload ?? []).toString());

describe('the local Lambda’s timeout', () => {
  let api: LoopbackServer;
  let lambda: LambdaClient;
  let seen: number | undefined;
  /** Lets the slow function end once its caller gave up on it. */
  let release = (_: unknown) => {};
  beforeAll(async () => {
    api = await startLambdaApi({
      functions: async (name) => {
        if (name === 'slow-lookup') {
          return {
            timeoutSeconds: 0.05,
            handler: () => new Promise((done) => (release = done)),
          };
        }
        if (name === 'quick-lookup') {
          return {
            timeoutSeconds: 2,
            handler: (_event, context) => {
              const remaining =
                context.getRemainingTimeInMillis as () => number;
              seen = remaining();
              return { ok: true };
            },
          };
        }
        return undefined;
      },
    });
    lambda = new LambdaClient({
      region: 'us-east-1',
      endpoint: api.url,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    release('late');
    await api.close();
  });

  it('fails an invocation that runs past the function’s timeout', async () => {
    // Act
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: 'slow-lookup' }),
    );

    // Assess
    expect(response.FunctionError).toBe('Unhandled');
    expect(payloadOf(response)).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 0.05 seconds',
    });
  });

  it('tells the handler how much of its timeout is left', async () => {
    // Act
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: 'quick-lookup' }),
    );

    // Assess
    expect(payloadOf(response)).toEqual({ ok: true });
    expect(seen).toBeGreaterThan(1000);
    expect(seen).toBeLessThanOrEqual(2000);
  });
});

describe('the tenant functions’ declared timeout', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-functions-'));
    mkdirSync(join(dir, 'functions'));
    const write = (name: string, source: string) =>
      writeFileSync(join(dir, 'functions', `${name}.ts`), source);
    write('plain', 'export const handler = async () => ({ ok: true });\n');
    write(
      'patient',
      'export const timeoutSeconds = 30;\n' +
        'export const handler = async () => ({ ok: true });\n',
    );
    write(
      'impatient',
      'export const timeoutSeconds = 0.5;\n' +
        'export const handler = async () => ({ ok: true });\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['plain', undefined],
    ['patient', 30],
  ])('reads the timeout %s exports', async (name, timeoutSeconds) => {
    // Act
    const local = await tenantFunctions([dir])(name);

    // Assess
    expect(local?.timeoutSeconds).toBe(timeoutSeconds);
    expect(await local?.handler({}, lambdaContext(name, 1000))).toEqual({
      ok: true,
    });
  });

  it('rejects a timeout Lambda would not accept', async () => {
    // Act
    const local = tenantFunctions([dir])('impatient');

    // Assess
    await expect(local).rejects.toThrow(
      /exports timeoutSeconds 0\.5; a Lambda timeout is a whole number of seconds from 1 to 900/,
    );
  });
});
