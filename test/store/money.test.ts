import * as z from 'zod';
import {
  centsToDollars,
  DollarsSchema,
  dollarsToCents,
} from '../../schemas/store';

describe('dollarsToCents', () => {
  it.each([
    ['whole cents', 19.99, 1999],
    ['float noise below', 1819.9199999999998, 181992],
    ['float noise above', 17.990000000000002, 1799],
    ['a negative difference', -16.63, -1663],
    ['noise on a negative difference', -17.98999999999998, -1799],
    ['zero', 0, 0],
    ['a large amount', 1234567.89, 123456789],
    ['half a cent, away from zero', 0.125, 13],
    ['minus half a cent, away from zero', -0.125, -13],
  ])('converts %s', (_, dollars, cents) => {
    // Act
    const result = dollarsToCents(dollars);

    // Assess
    expect(result).toBe(cents);
  });

  it.each([-0.001, -0, -0.004])('never returns -0 (for %d)', (dollars) => {
    // Act
    const result = dollarsToCents(dollars);

    // Assess
    expect(Object.is(result, 0)).toBe(true);
  });
});

describe('centsToDollars', () => {
  it('prints every amount up to 10,000 dollars with at most two decimals', () => {
    // Prepare
    const misprinted: number[] = [];

    // Act
    for (let cents = -100_000; cents <= 1_000_000; cents += 1) {
      const dollars = centsToDollars(cents);
      const text = JSON.stringify(dollars);
      if (
        !/^-?\d+(\.\d{1,2})?$/.test(text) ||
        dollarsToCents(dollars) !== cents
      ) {
        misprinted.push(cents);
      }
    }

    // Assess
    expect(misprinted).toEqual([]);
  });
});

describe('DollarsSchema', () => {
  it('decodes dollars to cents and encodes them back', () => {
    // Act
    const cents = z.decode(DollarsSchema, 1093.3400000000001);
    const dollars = z.encode(DollarsSchema, cents);

    // Assess
    expect(cents).toBe(109334);
    expect(dollars).toBe(1093.34);
  });
});
