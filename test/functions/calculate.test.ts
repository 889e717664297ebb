import {
  CalculationError,
  calculate,
  evaluate,
  MAX_DEPTH,
} from '../../functions/shared/calculate';

describe('calculate', () => {
  it.each([
    ['2 + 3', '5.0'],
    ['2 + 3 * 4', '14.0'],
    ['(2 + 3) * 4', '20.0'],
    ['10 / 4', '2.5'],
    ['10 - 4 - 3', '3.0'],
    ['24 / 4 / 2', '3.0'],
    ['-5 + 2', '-3.0'],
    ['-(2 + 3) * 2', '-10.0'],
    ['3 * -2', '-6.0'],
    ['--4', '4.0'],
    ['+7', '7.0'],
    ['1.5 * 2', '3.0'],
    ['.5 + 1.', '1.5'],
    ['10 / 3', '3.33'],
    ['2 / 3', '0.67'],
    ['155.33 - 147.05 + 268.77 - 235.13', '41.92'],
    ['3131.1 + 4777.75 + 367.38', '8276.23'],
    ['  ( ( 1 ) )\t+\n1 ', '2.0'],
  ])('evaluates %j to %s', (expression, expected) => {
    // Act
    const result = calculate(expression);

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    ['a division by zero', '1 / (2 - 2)', 'Division by zero'],
    ['a letter', '2 + x', "Unexpected 'x' at position 5"],
    ['code', 'process.exit()', "Unexpected 'p' at position 1"],
    ['an exponent operator', '2 ** 3', "Unexpected '*' at position 4"],
    ['a missing operand', '2 +', 'Expression ends too early'],
    ['a missing operator', '2 3', "Unexpected '3' at position 3"],
    ['an unclosed parenthesis', '(1 + 2', 'Expression ends too early'],
    ['an unopened parenthesis', '1 + 2)', "Unexpected ')' at position 6"],
    ['empty parentheses', '()', "Unexpected ')' at position 2"],
    ['an empty expression', '   ', 'Expression is empty'],
    ['a too long expression', `${'1+'.repeat(100)}1`, 'longer than 200'],
    [
      'too deep nesting',
      `${'('.repeat(MAX_DEPTH)}1${')'.repeat(MAX_DEPTH)}`,
      `nested deeper than ${MAX_DEPTH}`,
    ],
    ['too many unary signs', `${'-'.repeat(MAX_DEPTH)}1`, 'nested deeper'],
    ['scientific notation', '1e9 * 2', "Unexpected 'e' at position 2"],
  ])('throws CalculationError for %s', (_case, expression, message) => {
    // Act
    const run = () => evaluate(expression);

    // Assess
    expect(run).toThrow(CalculationError);
    expect(run).toThrow(message);
  });

  it('accepts nesting up to the limit', () => {
    // Prepare
    const depth = MAX_DEPTH - 1;
    const expression = `${'('.repeat(depth)}1${')'.repeat(depth)}`;

    // Act
    const result = calculate(expression);

    // Assess
    expect(result).toBe('1.0');
  });
});
