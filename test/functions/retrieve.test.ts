import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { buildIndex, rank } from '../../functions/retrieve/bm25';
import { chunkDocument } from '../../functions/retrieve/chunk';
import {
  clearKnowledgeCache,
  loadKnowledge,
} from '../../functions/retrieve/knowledge';
import { retrieve, selectPassages } from '../../functions/retrieve/retrieve';
import { tokenize } from '../../functions/retrieve/tokenize';
import { TENANT_SK, tenantPk } from '../../functions/shared/keys';
import { clearTenantCache } from '../../functions/shared/tenants';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  message,
  ref,
  seedConversation,
  TENANT,
  TENANTS,
  tenantConfig,
  turn,
  turnItem,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
let tables: FakeTables;

const documents = () => [
  {
    documentId: 'returns',
    title: 'Returns and refunds',
    url: 'https://help.example.com/returns',
    content: [
      '# Returns and refunds',
      'How we handle items you send back.',
      '## Return window',
      'You can return an unused item within 30 days of delivery.',
      '## Refunds',
      'Refunds go back to the original payment method within 5 business days.',
    ].join('\n'),
  },
  {
    documentId: 'shipping',
    title: 'Shipping',
    content: [
      '## Delivery times',
      'Standard delivery takes 3 to 5 business days; express takes 1 day.',
      '## Tracking',
      'Every order gets a tracking number by email once it ships.',
    ].join('\n'),
  },
  {
    documentId: 'payments',
    title: 'Payment methods',
    content: 'We accept credit cards, PayPal and gift cards.',
  },
];

const seedDocuments = () => {
  for (const doc of documents()) {
    tables.put(TENANTS, {
      pk: tenantPk(TENANT),
      sk: TENANT_SK.document(doc.documentId),
      ...doc,
    });
  }
};

const tenantQueries = () =>
  ddb
    .commandCalls(QueryCommand)
    .filter((c) => c.args[0].input.TableName === TENANTS);

beforeEach(() => {
  ddb.reset();
  clearTenantCache();
  clearKnowledgeCache();
  tables = new FakeTables(ddb);
});

describe('tokenize', () => {
  it('drops stopwords and folds case, accents and simple inflections', () => {
    // Act
    const tokens = tokenize('How do I get my Refunds for the café order?');

    // Assess
    expect(tokens).toEqual(['refund', 'cafe', 'order']);
  });
});

describe('chunkDocument', () => {
  it('splits at headings and keeps each heading with its section', () => {
    // Act
    const chunks = chunkDocument(documents()[0] as never);

    // Assess
    expect(chunks.map((c) => [c.id, c.heading])).toEqual([
      ['returns#1', ''],
      ['returns#2', 'Return window'],
      ['returns#3', 'Refunds'],
    ]);
    expect(chunks[1]?.text).toBe(
      '## Return window\nYou can return an unused item within 30 days of delivery.',
    );
    expect(chunks[1]).toMatchObject({
      title: 'Returns and refunds',
      url: 'https://help.example.com/returns',
    });
  });

  it('ignores headings inside code fences and splits long sections', () => {
    // Prepare
    const paragraph = `${'word '.repeat(300).trim()}.`;
    const content = [
      '## Setup',
      '```',
      '# not a heading',
      '```',
      paragraph,
      '',
      paragraph,
    ].join('\n');

    // Act
    const chunks = chunkDocument({ documentId: 'd', title: 'T', content });

    // Assess
    expect(chunks).toHaveLength(2);
    expect(chunks.every((c) => c.text.startsWith('## Setup\n'))).toBe(true);
    expect(chunks[0]?.text).toContain('# not a heading');
    expect(chunks.every((c) => c.text.length <= 2000)).toBe(true);
  });
});

describe('rank', () => {
  const index = () =>
    buildIndex(
      documents()
        .flatMap(chunkDocument)
        .map((c) => ({
          id: c.id,
          title: `${c.title}\n${c.heading}`,
          body: c.body,
        })),
    );

  it.each([
    ['How long do I have to return an item?', 'returns'],
    ['When will I get my refund?', 'returns'],
    ['Where is my tracking number?', 'shipping'],
    ['How long does express delivery take?', 'shipping'],
    ['Can I pay with PayPal?', 'payments'],
  ])('ranks the right document first for %j', (query, expected) => {
    // Act
    const [best] = rank(index(), query);

    // Assess
    expect(best?.id.split('#')[0]).toBe(expected);
  });

  it.each([
    ['Which tracking number does my order get?', 'shipping#2'],
    ['Is my refund paid to the original payment method?', 'returns#3'],
    ['What is the return window?', 'returns#2'],
  ])('ranks the right section first for %j', (query, expected) => {
    // Act
    const [best] = rank(index(), query);

    // Assess
    expect(best?.id).toBe(expected);
  });

  it('normalises scores to at most 1 and returns nothing for unknown words', () => {
    // Act
    const ranked = rank(index(), 'return refund tracking');
    const none = rank(index(), 'zebra quantum');

    // Assess
    expect(ranked.every((r) => r.normalised > 0 && r.normalised <= 1)).toBe(
      true,
    );
    expect(none).toEqual([]);
  });
});

describe('selectPassages', () => {
  it('keeps at most maxPassages scoring at least minScore', async () => {
    // Prepare
    seedDocuments();
    const knowledge = await loadKnowledge(TENANT);

    // Act
    const loose = selectPassages(knowledge, 'return refund delivery tracking', {
      maxPassages: 2,
      minScore: 0,
    });
    const strict = selectPassages(
      knowledge,
      'return refund delivery tracking',
      {
        maxPassages: 10,
        minScore: 0.9,
      },
    );

    // Assess
    expect(loose).toHaveLength(2);
    expect(strict).toEqual([]);
  });
});

describe('retrieve', () => {
  it('stores the best passages for the turn’s customer text', async () => {
    // Prepare
    seedDocuments();
    seedConversation(tables, {
      messages: [
        message(1, 'customer', 'Hi there'),
        message(2, 'assistant', 'Hello!'),
        message(3, 'customer', 'What is the return window for an item?'),
      ],
      turns: [turn({ sequences: [3] })],
      config: tenantConfig({ knowledge: { maxPassages: 1, minScore: 0.3 } }),
    });

    // Act
    const output = await retrieve({ ...ref(), index: 1 });

    // Assess
    expect(output).toEqual({ passages: 1 });
    const [passage] = turnItem(tables).passages;
    expect(passage).toMatchObject({
      id: 'returns#2',
      documentId: 'returns',
      title: 'Returns and refunds',
      url: 'https://help.example.com/returns',
    });
    expect(passage?.score).toBeGreaterThanOrEqual(0.3);
    expect(turnItem(tables).latencyMs.retrieve).toBeGreaterThanOrEqual(0);
  });

  it('reads the tenant’s documents once per warm function', async () => {
    // Prepare
    seedDocuments();
    seedConversation(tables, {
      messages: [message(1, 'customer', 'refund please')],
      turns: [turn()],
    });

    // Act
    await retrieve({ ...ref(), index: 1 });
    await retrieve({ ...ref(), index: 1 });

    // Assess
    expect(tenantQueries()).toHaveLength(1);
  });

  it('retrieves nothing for a turn routed to a human', async () => {
    // Prepare
    seedDocuments();
    seedConversation(tables, {
      messages: [message(1, 'customer', 'a human, now')],
      turns: [turn({ route: 'handoff' })],
    });

    // Act
    const output = await retrieve({ ...ref(), index: 1 });

    // Assess
    expect(output).toEqual({ passages: 0 });
    expect(tenantQueries()).toHaveLength(0);
    expect(turnItem(tables).passages).toEqual([]);
  });
});
