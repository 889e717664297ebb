import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { FrontlineError, ValidationError } from '../../functions/shared/errors';
import { errorResponse } from '../../functions/shared/http';
import { logger } from '../../functions/shared/observability';
import { stepHandler } from '../../functions/shared/step-handler';

/** Card numbers as a customer might write them, and their bare digits. */
const CARDS = ['4111 1111 1111 1111', '5500-0000-0000-0004'];
const CARD_DIGITS = CARDS.map((card) => card.replace(/\D/g, ''));
const [VISA, MASTERCARD] = CARDS as [string, string];

const context = {
  functionName: 'step',
  awsRequestId: 'request-1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:step',
  memoryLimitInMB: '512',
} as Context;

let written: string[] = [];

/** Collects what the logger writes to stdout and stderr. */
function captureOutput(): void {
  written = [];
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
  }
}

/** The JSON lines written, parsed. */
const lines = () =>
  written
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function expectNoCardIn(output: string): void {
  for (const value of [...CARDS, ...CARD_DIGITS]) {
    expect(output).not.toContain(value);
  }
}

beforeEach(() => {
  logger.setLogLevel('TRACE');
  captureOutput();
});

afterEach(() => {
  jest.restoreAllMocks();
  logger.setLogLevel('SILENT');
  logger.resetKeys();
});

describe('the shared logger', () => {
  it.each(['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const)(
    'writes no card number at %s level',
    (level) => {
      // Prepare
      const error = new Error(`Charge to ${VISA} failed`, {
        cause: new Error(`declined ${MASTERCARD}`),
      });

      // Act
      logger[level](`Customer wrote: my card is ${VISA}`, {
        note: `use ${MASTERCARD} instead`,
        nested: { values: [VISA, { deeper: MASTERCARD }] },
        as_number: Number(CARD_DIGITS[0]),
        failure: error,
      });

      // Assess
      expectNoCardIn(written.join(''));
      expect(lines()).toHaveLength(1);
      expect(lines()[0]).toMatchObject({
        level: level.toUpperCase(),
        message: 'Customer wrote: my card is [CARD_1]',
        service: 'frontline',
        note: 'use [CARD_2] instead',
        nested: { values: ['[CARD_1]', { deeper: '[CARD_2]' }] },
        as_number: '[CARD_1]',
        failure: {
          name: 'Error',
          message: 'Charge to [CARD_1] failed',
          cause: { message: 'declined [CARD_2]' },
        },
      });
      expect(lines()[0]).toHaveProperty('timestamp');
    },
  );

  it('redacts an error logged as the error object, stack included', () => {
    // Prepare
    const error = new ValidationError(`Invalid card: "${VISA}" is declined`, [
      { path: 'card', message: `received ${MASTERCARD}` },
    ]);

    // Act
    logger.error('Request failed', error);

    // Assess
    expectNoCardIn(written.join(''));
    const { error: logged } = lines()[0] as { error: Record<string, unknown> };
    expect(logged.name).toBe('ValidationError');
    expect(logged.message).toBe('Invalid card: "[CARD_1]" is declined');
    expect(String(logged.stack)).toContain('[CARD_1]');
    expect(logged.issues).toEqual([
      { path: 'card', message: 'received [CARD_2]' },
    ]);
  });

  it('redacts appended keys and keeps the standard keys', () => {
    // Prepare
    logger.appendKeys({ tenant_id: 'demo', customer_note: `card ${VISA}` });

    // Act
    logger.info('Turn opened');

    // Assess
    expectNoCardIn(written.join(''));
    expect(lines()[0]).toMatchObject({
      level: 'INFO',
      message: 'Turn opened',
      service: 'frontline',
      tenant_id: 'demo',
      customer_note: 'card [CARD_1]',
    });
  });

  it.each([
    'service',
    'level',
    'timestamp',
    'function_request_id',
    'xray_trace_id',
  ])('redacts a nested %s key, keeping the top-level one', (key) => {
    // Prepare
    const payload = { [key]: `card ${VISA}`, items: [{ [key]: MASTERCARD }] };

    // Act
    logger.info('Payload received', { payload });

    // Assess
    expectNoCardIn(written.join(''));
    const [line] = lines();
    expect(line?.payload).toEqual({
      [key]: 'card [CARD_1]',
      items: [{ [key]: '[CARD_2]' }],
    });
    expect(line).toMatchObject({ level: 'INFO', service: 'frontline' });
    expect(typeof line?.timestamp).toBe('string');
  });

  it('keeps the line’s own standard keys as written, even card-like ones', () => {
    // Prepare
    const requestId = '4111-1111-1111-1111';
    logger.addContext({ ...context, awsRequestId: requestId });

    // Act
    logger.info('Step ran');

    // Assess
    expect(lines()[0]).toMatchObject({
      message: 'Step ran',
      function_name: 'step',
      function_arn: context.invokedFunctionArn,
      function_request_id: requestId,
    });
  });

  it('writes log lines without personal data unchanged', () => {
    // Act
    logger.info('Reply delivered', { sequence: 3, order_id: '#W2611340' });

    // Assess
    expect(lines()[0]).toMatchObject({
      message: 'Reply delivered',
      sequence: 3,
      order_id: '#W2611340',
    });
  });
});

describe('error paths', () => {
  it('logs an unexposed HTTP error without its card number', () => {
    // Act
    const response = errorResponse(new FrontlineError(`bad card ${VISA}`));

    // Assess
    expect(response.statusCode).toBe(500);
    expectNoCardIn(written.join(''));
    expect(lines()[0]).toMatchObject({
      level: 'ERROR',
      error: { message: 'bad card [CARD_1]' },
    });
  });

  it('throws a step error redacted, keeping its class and name', async () => {
    // Prepare
    class TransientError extends FrontlineError {}
    const handler = stepHandler(
      z.object({ tenantId: z.string(), conversationId: z.string() }),
      async () => {
        throw new TransientError(`Tool failed for card ${MASTERCARD}`, {
          cause: new Error(`upstream echoed ${VISA}`),
        });
      },
    );

    // Act
    const thrown = await handler(
      { tenantId: 'demo', conversationId: 'c-1' },
      context,
    ).catch((error: unknown) => error as Error);

    // Assess
    expect(thrown).toBeInstanceOf(TransientError);
    expect(thrown.name).toBe('TransientError');
    expect(thrown.message).toBe('Tool failed for card [CARD_1]');
    expectNoCardIn(String(thrown.stack));
    expectNoCardIn((thrown.cause as Error).message);
    expectNoCardIn(written.join(''));
  });
});
