import { benchPii } from '../../bench/pii';

/**
 * The budget is 50 µs for a typical 200-character message. Test machines
 * are shared and busy, so the test allows five times that; `benchPii()`
 * reports the figure itself.
 */
const BUDGET_MICROS = 50;
const HEADROOM = 5;

describe('redact performance', () => {
  it('redacts a typical message within the budget, with headroom', () => {
    // Act
    const result = benchPii(300);

    // Assess
    expect(result.meanChars).toBeGreaterThanOrEqual(180);
    expect(result.micros.mean).toBeLessThan(BUDGET_MICROS * HEADROOM);
  });
});
