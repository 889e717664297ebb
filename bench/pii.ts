import { performance } from 'node:perf_hooks';
import { PiiVault, redact } from '../functions/shared/pii';
import { percentile, round } from './stats';

/** Customer messages of about 200 characters, with and without PII. */
export const TYPICAL_MESSAGES = [
  'Hi, my order #W4817203 arrived yesterday but the sleeping pad (item 5917732742) has a slow leak. Can I exchange it for the same pad in the long length? Tracking said 350530776154 was delivered.',
  'Please refund to my card 4111 1111 1111 1111 rather than the gift card. You can reach me at maya.lindqvist@example.com or call me at (503) 555-0147 any time after 5pm on weekdays, thanks!',
  'I moved last month. The new address is 8133 Bramble Row, Apt 12, Portland OR 97214. Could you change the shipping address on #W4817203 before it ships? My phone is +1 503 555 0147.',
  'The stove I bought for $58.29 on 2024-05-01 does not ignite. I tried three canisters and the piezo clicks but no flame. Is this covered by the warranty or should I return it for a refund?',
  'Can you send the invoice to billing@example.co.uk and pay the difference from IBAN GB82 WEST 1234 5698 7654 32? My NI number is AB123456C if you need it for the paperwork, cheers.',
] as const;

export interface PiiBench {
  readonly messages: number;
  readonly meanChars: number;
  readonly iterations: number;
  /** Time to redact one message, in microseconds. */
  readonly micros: {
    readonly mean: number;
    readonly p50: number;
    readonly p99: number;
  };
}

/**
 * Times `redact` on typical messages with a conversation vault, after a
 * warm-up so that regular expressions are compiled and optimised.
 */
export function benchPii(iterations = 5_000): PiiBench {
  const vault = new PiiVault();
  for (let i = 0; i < 500; i++) {
    for (const message of TYPICAL_MESSAGES) redact(message, vault);
  }

  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    for (const message of TYPICAL_MESSAGES) {
      const started = performance.now();
      redact(message, vault);
      samples.push((performance.now() - started) * 1000);
    }
  }
  const total = samples.reduce((sum, micros) => sum + micros, 0);
  const chars = TYPICAL_MESSAGES.reduce((sum, m) => sum + m.length, 0);
  return {
    messages: TYPICAL_MESSAGES.length,
    meanChars: Math.round(chars / TYPICAL_MESSAGES.length),
    iterations,
    micros: {
      mean: round(total / samples.length, 2),
      p50: round(percentile(samples, 50), 2),
      p99: round(percentile(samples, 99), 2),
    },
  };
}
