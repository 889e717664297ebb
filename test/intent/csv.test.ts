import { join } from 'node:path';
import {
  IntentDataError,
  parseCsv,
  parseLabelledCsv,
  readLabelledCsv,
} from '../../functions/shared/intent';

describe('parseCsv', () => {
  it.each([
    [
      'plain fields',
      'a,b\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a quoted comma', '"a,b",c\n', [['a,b', 'c']]],
    ['doubled quotes', '"say ""hi""",x\n', [['say "hi"', 'x']]],
    ['a line break inside quotes', '"one\ntwo",x\n', [['one\ntwo', 'x']]],
    [
      'CRLF line ends',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a CRLF inside quotes', '"one\r\ntwo",x', [['one\r\ntwo', 'x']]],
    ['a byte-order mark', '\uFEFFa,b\n', [['a', 'b']]],
    [
      'blank lines',
      'a,b\n\n\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'no final line break',
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'empty fields',
      ',\n"",x\n',
      [
        ['', ''],
        ['', 'x'],
      ],
    ],
    ['a quote inside a bare field', 'it"s,x\n', [['it"s', 'x']]],
  ])('reads %s', (_, text, rows) => {
    // Act
    const parsed = parseCsv(text);

    // Assess
    expect(parsed).toEqual(rows);
  });

  it('throws naming the line of a quote that is never closed', () => {
    // Act
    const parse = () => parseCsv('a,b\nc,"open\nmore\n', 'data.csv');

    // Assess
    expect(parse).toThrow(IntentDataError);
    expect(parse).toThrow(
      'data.csv: the quoted field opened on line 2 is never closed',
    );
  });
});

describe('parseLabelledCsv', () => {
  it('reads text and category in any column order, ignoring others', () => {
    // Prepare
    const text = 'id,category,text\n1,card_arrival," where, is it? "\n';

    // Act
    const examples = parseLabelledCsv(text);

    // Assess
    expect(examples).toEqual([
      { text: 'where, is it?', label: 'card_arrival' },
    ]);
  });

  it.each([
    ['the text column', 'body,category\nhi,x\n', 'a text column'],
    ['the category column', 'text,intent\nhi,x\n', 'a category column'],
    ['both columns', 'a,b\nhi,x\n', 'a text and category column'],
    ['any header', '', 'a text and category column (found: nothing)'],
    ['data rows', 'text,category\n', 'no data rows'],
    ['a text value', 'text,category\nhi,x\n,y\n', 'row 3 has no text value'],
    ['a category value', 'text,category\nhi\n', 'row 2 has no category value'],
  ])('throws when it lacks %s', (_, text, message) => {
    // Act
    const parse = () => parseLabelledCsv(text, 'in.csv');

    // Assess
    expect(parse).toThrow(IntentDataError);
    expect(parse).toThrow(message);
  });
});

describe('readLabelledCsv', () => {
  it('reads the Banking77 training file', () => {
    // Prepare
    const path = join(
      __dirname,
      '../../../shared/data/intent/banking77/train.csv',
    );

    // Act
    const examples = readLabelledCsv(path);

    // Assess
    expect(examples).toHaveLength(10_003);
    expect(new Set(examples.map((e) => e.label)).size).toBe(77);
  });

  it('throws naming a file that does not exist', () => {
    // Act
    const read = () => readLabelledCsv('/nowhere/missing.csv');

    // Assess
    expect(read).toThrow(IntentDataError);
    expect(read).toThrow('/nowhere/missing.csv: no such file');
  });
});
