/**
 * `(?:a|b|c)` from regular-expression alternatives written one or more to
 * a line: a line break separates alternatives, and `|` inside a line keeps
 * its meaning, so a line may hold groups such as `(?:your|the) team`.
 */
export const anyOf = (alternatives: string): string =>
  `(?:${alternatives
    .trim()
    .split(/\s*\n\s*/)
    .join('|')})`;
