import { gzipSync } from 'node:zlib';
import { buildIndex } from '../../functions/shared/knowledge/build';
import {
  decodeStoredIndex,
  encodeIndex,
  INDEX_FORMAT,
  type KnowledgeIndexFile,
  parseIndex,
} from '../../functions/shared/knowledge/index-format';
import { TOKENIZER_ID } from '../../functions/shared/knowledge/tokenize';
import { helpArticles } from './fixtures';

describe('buildIndex', () => {
  it('stores documents, passages, a sorted vocabulary and gap-coded postings', () => {
    // Act
    const index = buildIndex(helpArticles());

    // Assess
    expect(index).toMatchObject({
      format: INDEX_FORMAT,
      version: 1,
      tokenizer: TOKENIZER_ID,
    });
    expect(index.documents).toEqual([
      {
        id: 'returns',
        title: 'Returns and refunds',
        url: 'https://help.example.com/returns',
      },
      { id: 'shipping', title: 'Shipping' },
      { id: 'payments', title: 'Payment methods' },
    ]);
    expect(index.chunks.map((c) => [c.d, c.h])).toEqual([
      [0, ''],
      [0, 'Return window'],
      [0, 'Refunds'],
      [1, 'Delivery times'],
      [1, 'Tracking'],
      [2, ''],
    ]);
    expect(index.vocabulary).toEqual([...index.vocabulary].sort());
    const refund = index.vocabulary.indexOf('refund');
    // "refund" is in the returns title (3 passages) and one heading.
    expect(index.df[refund]).toBe(3);
    expect(index.fields.title.postings[refund]).toEqual([0, 1]);
    expect(index.fields.heading.postings[refund]).toEqual([2, 1]);
    const business = index.vocabulary.indexOf('business');
    // Body postings of passages 2 and 3: gaps 2, then 1.
    expect(index.fields.body.postings[business]).toEqual([2, 1, 1, 1]);
  });

  it('throws when two documents share an id', () => {
    // Prepare
    const [first] = helpArticles();
    const documents = [first, { ...first, title: 'Copy' }].flatMap((d) =>
      d ? [d] : [],
    );

    // Act
    const build = () => buildIndex(documents);

    // Assess
    expect(build).toThrow('Two documents have the id returns');
  });
});

describe('encodeIndex', () => {
  it('round-trips through JSON and through the gzipped stored form', () => {
    // Prepare
    const index = buildIndex(helpArticles());

    // Act
    const encoded = encodeIndex(index);

    // Assess
    expect(parseIndex(encoded.json.toString('utf8'), 'file')).toEqual(index);
    expect(decodeStoredIndex(encoded.gzip, encoded.hash)).toEqual(index);
    expect(encoded.hash).toBe(encodeIndex(buildIndex(helpArticles())).hash);
    expect(encoded.gzip.length).toBeLessThan(encoded.json.length);
  });

  it('throws when stored bytes do not match their hash', () => {
    // Prepare
    const encoded = encodeIndex(buildIndex(helpArticles()));
    const other = gzipSync(Buffer.from('{}'));

    // Act
    const decode = () => decodeStoredIndex(other, encoded.hash);

    // Assess
    expect(decode).toThrow('Knowledge index does not match its hash');
  });
});

describe('parseIndex', () => {
  const spoiled = (change: (index: Record<string, unknown>) => void) => {
    const index = structuredClone(buildIndex(helpArticles())) as unknown;
    change(index as Record<string, unknown>);
    return JSON.stringify(index);
  };

  it.each([
    [
      'another format',
      (i: Record<string, unknown>) => {
        i.format = 'x';
      },
      'not a knowledge index',
    ],
    [
      'another version',
      (i: Record<string, unknown>) => {
        i.version = 2;
      },
      'index version 2 is not 1',
    ],
    [
      'another tokenizer',
      (i: Record<string, unknown>) => {
        i.tokenizer = 'old';
      },
      `tokenizer old is not ${TOKENIZER_ID}`,
    ],
    [
      'a missing section',
      (i: Record<string, unknown>) => {
        delete i.df;
      },
      'a section is missing',
    ],
    [
      'postings that do not fit',
      (i: Record<string, unknown>) => {
        const { fields } = i as unknown as KnowledgeIndexFile;
        (fields.body.postings as number[][]).splice(1);
      },
      'body postings do not fit the vocabulary',
    ],
  ])('throws for %s', (_, change, message) => {
    // Act
    const parse = () => parseIndex(spoiled(change), 'demo.json');

    // Assess
    expect(parse).toThrow(`demo.json: ${message}; ingest it again`);
  });
});
