import { ToolError } from './store/errors';

/** Longest expression accepted, as the `calculate` input schema allows. */
export const MAX_EXPRESSION_CHARS = 200;
/** Deepest nesting of parentheses and unary signs accepted. */
export const MAX_DEPTH = 32;

/** An expression that cannot be evaluated; the message says why. */
export class CalculationError extends ToolError {}

type Token =
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'op'; readonly op: string; readonly at: number };

const NUMBER = /\d+(?:\.\d*)?|\.\d+/y;
const OPERATORS = new Set(['+', '-', '*', '/', '(', ')']);

/**
 * Evaluates an arithmetic expression of decimal numbers, `+ - * /`, unary
 * signs and parentheses, with the usual precedence, and prints the value
 * rounded to cents the way Python prints a float (`10.0`, `-17.99`), as
 * τ-bench's `calculate` does. Nothing is ever run as code.
 *
 * @example calculate('(2 + 3) * 4') // '20.0'
 * @throws CalculationError for a bad token, bad syntax, a division by
 *   zero, an expression too long or nested too deep
 */
export function calculate(expression: string): string {
  const value = evaluate(expression);
  return pythonFloat(Math.round(value * 100) / 100);
}

/** The exact value of an arithmetic expression; see `calculate`. */
export function evaluate(expression: string): number {
  if (expression.length > MAX_EXPRESSION_CHARS) {
    throw new CalculationError(
      `Expression is longer than ${MAX_EXPRESSION_CHARS} characters`,
    );
  }
  const parser = new Parser(tokenize(expression));
  const value = parser.parse();
  // Out of reach within the length limit today; kept should it grow.
  if (!Number.isFinite(value)) {
    throw new CalculationError('Result is too large');
  }
  return value;
}

/** Splits the text into numbers and operators, skipping whitespace. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    if (OPERATORS.has(char)) {
      tokens.push({ kind: 'op', op: char, at });
      at += 1;
      continue;
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (!number) {
      throw new CalculationError(`Unexpected '${char}' at position ${at + 1}`);
    }
    tokens.push({ kind: 'number', value: Number(number[0]), at });
    at += number[0].length;
  }
  return tokens;
}

const pythonFloat = (value: number) =>
  Number.isInteger(value) ? value.toFixed(1) : String(value);

/**
 * Recursive descent over
 * `sum := product (('+'|'-') product)*`,
 * `product := unary (('*'|'/') unary)*`,
 * `unary := ('+'|'-') unary | '(' sum ')' | number`.
 */
class Parser {
  private next = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): number {
    if (this.tokens.length === 0) {
      throw new CalculationError('Expression is empty');
    }
    const value = this.sum();
    const extra = this.tokens[this.next];
    if (extra) throw this.unexpected(extra);
    return value;
  }

  private sum(): number {
    let value = this.product();
    for (let op = this.take('+', '-'); op; op = this.take('+', '-')) {
      const right = this.product();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  }

  private product(): number {
    let value = this.unary();
    for (let op = this.take('*', '/'); op; op = this.take('*', '/')) {
      const right = this.unary();
      if (op === '/' && right === 0) {
        throw new CalculationError('Division by zero');
      }
      value = op === '*' ? value * right : value / right;
    }
    return value;
  }

  private unary(): number {
    this.enter();
    const value = this.operand();
    this.depth -= 1;
    return value;
  }

  private operand(): number {
    const sign = this.take('+', '-');
    if (sign) return sign === '-' ? -this.unary() : this.unary();
    if (this.take('(')) {
      const value = this.sum();
      if (!this.take(')')) throw this.unexpected(this.tokens[this.next]);
      return value;
    }
    const token = this.tokens[this.next];
    if (token?.kind !== 'number') throw this.unexpected(token);
    this.next += 1;
    return token.value;
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) {
      throw new CalculationError(
        `Expression is nested deeper than ${MAX_DEPTH} levels`,
      );
    }
  }

  /** Consumes the next token when it is one of `ops`, and returns it. */
  private take(...ops: string[]): string | undefined {
    const token = this.tokens[this.next];
    if (token?.kind !== 'op' || !ops.includes(token.op)) return undefined;
    this.next += 1;
    return token.op;
  }

  private unexpected(token: Token | undefined): CalculationError {
    if (!token) return new CalculationError('Expression ends too early');
    const text = token.kind === 'op' ? token.op : String(token.value);
    return new CalculationError(
      `Unexpected '${text}' at position ${token.at + 1}`,
    );
  }
}
