import {
  chunkDocument,
  chunkText,
  splitSection,
} from '../../functions/shared/knowledge/chunk';
import { paragraph } from './fixtures';

const doc = (content: string, title = 'Guide') => ({
  documentId: 'guide',
  title,
  content,
});

describe('chunkDocument', () => {
  it('cuts at h1 to h3 and keeps the heading path of each section', () => {
    // Prepare
    const content = [
      '# Guide',
      'Intro text.',
      '## Orders',
      'About orders.',
      '### Cancelling',
      'Cancel while pending.',
      '#### Fine print',
      'Deeper headings stay in the text.',
      '## Payments',
      'We take cards.',
    ].join('\n');

    // Act
    const chunks = chunkDocument(doc(content));

    // Assess
    expect(chunks.map((c) => [c.n, c.heading])).toEqual([
      [1, ''],
      [2, 'Orders'],
      [3, 'Orders > Cancelling'],
      [4, 'Payments'],
    ]);
    expect(chunks[2]?.body).toBe(
      'Cancel while pending.\n#### Fine print\nDeeper headings stay in the text.',
    );
    expect(chunks.every((c) => c.documentId === 'guide')).toBe(true);
  });

  it('keeps a top heading that differs from the title in the path', () => {
    // Act
    const chunks = chunkDocument(doc('# Part one\n## Setup\nPlug it in.'));

    // Assess
    expect(chunks.map((c) => c.heading)).toEqual(['Part one > Setup']);
  });

  it('ignores headings inside code fences and drops empty sections', () => {
    // Prepare
    const content = ['## Empty', '## Setup', '```', '# not a heading', '```'];

    // Act
    const chunks = chunkDocument(doc(content.join('\n')));

    // Assess
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.heading).toBe('Setup');
    expect(chunks[0]?.body).toContain('# not a heading');
  });

  it('splits a long section between paragraphs, each part overlapping the last', () => {
    // Prepare
    const paragraphs = ['a', 'b', 'c', 'd', 'e', 'f'].map((label) =>
      paragraph(label, 4),
    );
    const content = `## Long\n${paragraphs.join('\n\n')}`;

    // Act
    const chunks = chunkDocument(doc(content), {
      targetChars: 600,
      overlapChars: 300,
    });

    // Assess
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.heading === 'Long')).toBe(true);
    expect(chunks.every((c) => c.body.length <= 900)).toBe(true);
    for (let i = 1; i < chunks.length; i += 1) {
      const previous = chunks[i - 1]?.body.split('\n\n').at(-1) ?? '';
      expect(chunks[i]?.body.startsWith(previous)).toBe(true);
    }
    const all = chunks.map((c) => c.body).join('\n\n');
    for (const p of paragraphs) expect(all).toContain(p);
  });

  it('keeps a section just over the target whole', () => {
    // Prepare
    const text = paragraph('x', 15);

    // Act
    const parts = splitSection(text, text.length - 50, 300);

    // Assess
    expect(parts).toEqual([text]);
  });
});

describe('splitSection', () => {
  it('splits one long paragraph at sentences and carries the last one over', () => {
    // Prepare
    const text = paragraph('s', 30);

    // Act
    const parts = splitSection(text, 400, 100);

    // Assess
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every((p) => p.length <= 500)).toBe(true);
    for (let i = 1; i < parts.length; i += 1) {
      const lastSentence = parts[i - 1]?.split(/(?<=\.) /).at(-1) ?? '';
      expect(parts[i]?.startsWith(lastSentence)).toBe(true);
    }
  });

  it('splits a long list at its lines', () => {
    // Prepare
    const items = Array.from(
      { length: 40 },
      (_, i) => `- item ${i + 1}: a line that describes one entry`,
    );

    // Act
    const parts = splitSection(items.join('\n'), 500, 0);

    // Assess
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((p) => p.startsWith('- item'))).toBe(true);
    expect(parts.join('\n').split('\n')).toEqual(items);
  });

  it('cuts a text without sentence breaks at spaces', () => {
    // Prepare
    const text = 'word '.repeat(400).trim();

    // Act
    const parts = splitSection(text, 300, 0);

    // Assess
    expect(
      parts.every((p) => p.length <= 300 && /^word( word)*$/.test(p)),
    ).toBe(true);
  });
});

describe('chunkText', () => {
  it.each([
    [
      { heading: 'Refunds', body: 'Within 5 days.' },
      '## Refunds\nWithin 5 days.',
    ],
    [{ heading: '', body: 'Intro.' }, 'Intro.'],
  ])('renders %j for the model', (chunk, text) => {
    // Act
    const rendered = chunkText(chunk);

    // Assess
    expect(rendered).toBe(text);
  });
});
