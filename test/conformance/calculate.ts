/**
 * τ-bench's `calculate` tool, which is not a store tool: it evaluates an
 * expression of numbers, + - * /, parentheses and spaces, and prints the
 * value rounded to cents the way Python prints a float (`10.0`, `-17.99`).
 * The replay runs it so that answers found in its results count as they
 * count for τ-bench.
 */
export function calculate(expression: string): string {
  if (!/^[0-9+\-*/(). ]*$/.test(expression)) {
    return 'Error: invalid characters in expression';
  }
  try {
    const parser = new Parser(expression.replace(/ /g, ''));
    const value = parser.expression();
    if (!parser.done()) throw new Error('invalid syntax');
    if (!Number.isFinite(value)) throw new Error('division by zero');
    return pythonFloat(Math.round(value * 100) / 100);
  } catch (error) {
    return `Error: ${(error as Error).message}`;
  }
}

const pythonFloat = (value: number) =>
  Number.isInteger(value) ? value.toFixed(1) : String(value);

/** Recursive descent over `expression := term (('+'|'-') term)*`. */
class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  done = () => this.at === this.text.length;

  expression(): number {
    let value = this.term();
    while (this.peek('+') || this.peek('-')) {
      const op = this.text[this.at++];
      value = op === '+' ? value + this.term() : value - this.term();
    }
    return value;
  }

  private term(): number {
    let value = this.factor();
    while (this.peek('*') || this.peek('/')) {
      const op = this.text[this.at++];
      value = op === '*' ? value * this.factor() : value / this.factor();
    }
    return value;
  }

  private factor(): number {
    if (this.peek('-')) return this.skip() - this.factor();
    if (this.peek('+')) return this.skip() + this.factor();
    if (this.peek('(')) {
      this.at += 1;
      const value = this.expression();
      if (!this.peek(')')) throw new Error('invalid syntax');
      this.at += 1;
      return value;
    }
    const number = /^(\d+\.?\d*|\.\d+)/.exec(this.text.slice(this.at));
    if (!number) throw new Error('invalid syntax');
    this.at += number[0].length;
    return Number(number[0]);
  }

  private peek = (char: string) => this.text[this.at] === char;

  /** Consumes one character; 0 so that `skip() - x` reads as `-x`. */
  private skip(): number {
    this.at += 1;
    return 0;
  }
}
