import { readFileSync } from 'node:fs';
import { IntentDataError } from './errors';

/** One labelled utterance: what a customer wrote and its intent. */
export interface LabelledExample {
  readonly text: string;
  readonly label: string;
}

/**
 * Splits RFC 4180 CSV text into rows of fields: quoted fields may hold
 * commas, doubled quotes and line breaks; CRLF and LF both end a row; a
 * leading byte-order mark is dropped; blank lines are skipped.
 *
 * @example parseCsv('a,"b,c"\n') // [['a', 'b,c']]
 */
export function parseCsv(text: string, source = 'CSV'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };

  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (char === '\n') line++;
    if (quoted) {
      if (char !== '"') field += char;
      else if (input[i + 1] === '"') field += input[++i];
      else quoted = false;
    } else if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') endRow();
    else if (char !== '\r' || input[i + 1] !== '\n') field += char;
  }
  if (quoted) {
    throw new IntentDataError(
      `${source}: the quoted field opened on line ${quoteLine} is never closed`,
    );
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/**
 * Reads labelled examples from CSV text with a header row naming a `text`
 * and a `category` column (any order, other columns ignored).
 *
 * @throws IntentDataError when a column is missing, a row has too few
 * fields or an empty value, or there are no rows.
 */
export function parseLabelledCsv(
  text: string,
  source = 'CSV',
): LabelledExample[] {
  const [header, ...rows] = parseCsv(text, source);
  const names = (header ?? []).map((name) => name.trim().toLowerCase());
  const textAt = names.indexOf('text');
  const labelAt = names.indexOf('category');
  if (textAt < 0 || labelAt < 0) {
    const missing = [textAt < 0 && 'text', labelAt < 0 && 'category'];
    const list = missing.filter(Boolean).join(' and ');
    throw new IntentDataError(
      `${source}: the header must name a ${list} column ` +
        `(found: ${names.join(', ') || 'nothing'})`,
    );
  }
  if (rows.length === 0) throw new IntentDataError(`${source}: no data rows`);
  return rows.map((row, i) => toExample(row, textAt, labelAt, source, i + 2));
}

function toExample(
  row: readonly string[],
  textAt: number,
  labelAt: number,
  source: string,
  rowNumber: number,
): LabelledExample {
  const text = row[textAt]?.trim() ?? '';
  const label = row[labelAt]?.trim() ?? '';
  if (text === '' || label === '') {
    const column = text === '' ? 'text' : 'category';
    throw new IntentDataError(
      `${source}: row ${rowNumber} has no ${column} value`,
    );
  }
  return { text, label };
}

/**
 * Reads a labelled CSV file (see {@link parseLabelledCsv}).
 *
 * @throws IntentDataError when the file cannot be read or is malformed.
 */
export function readLabelledCsv(path: string): LabelledExample[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : `cannot read (${code})`;
    throw new IntentDataError(`${path}: ${reason}`);
  }
  return parseLabelledCsv(text, path);
}
