import {
  markdownDocument,
  parseJsonDocuments,
} from '../../functions/shared/knowledge/documents';
import {
  decodeEntities,
  htmlDocument,
} from '../../functions/shared/knowledge/html';

const PAGE = `<!doctype html>
<html>
<head>
  <title>Returns &amp; refunds | Help</title>
  <link rel="canonical" href="https://help.example.com/returns">
  <style>h2 { color: red }</style>
  <script>var secret = "do not index";</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/faq">FAQ</a></nav>
  <h1>Returns &amp; refunds</h1>
  <p>Send items back within <b>30&nbsp;days</b>.</p>
  <h2>Where the refund goes</h2>
  <p>To the card you paid with.<br>Gift cards get it right away.</p>
  <h3>Timing</h3>
  <ul><li>Cards: 5 to 7 days</li><li>PayPal: 3 days</li></ul>
  <h4>Small print</h4>
  <!-- <h2>Hidden</h2> -->
  <p>Shipping is not refunded.</p>
  <noscript>Enable JavaScript</noscript>
</body>
</html>`;

describe('htmlDocument', () => {
  it('keeps the text, turns h1 to h3 into sections and drops code and navigation', () => {
    // Act
    const doc = htmlDocument(PAGE, 'returns', 'Returns');

    // Assess
    expect(doc).toMatchObject({
      documentId: 'returns',
      title: 'Returns & refunds',
      url: 'https://help.example.com/returns',
    });
    expect(doc.content).toBe(
      [
        '# Returns & refunds',
        'Send items back within 30 days.',
        '## Where the refund goes',
        'To the card you paid with.\nGift cards get it right away.',
        '### Timing',
        '- Cards: 5 to 7 days\n- PayPal: 3 days',
        '**Small print**',
        'Shipping is not refunded.',
      ].join('\n\n'),
    );
  });

  it.each([
    ['<h1>Only a heading</h1><p>Text.</p>', 'Only a heading'],
    ['<title>Page &amp; site</title><p>Text.</p>', 'Page & site'],
    ['<p>No title at all.</p>', 'Fallback title'],
  ])('takes the title from %j', (html, title) => {
    // Act
    const doc = htmlDocument(html, 'page', 'Fallback title');

    // Assess
    expect(doc.title).toBe(title);
    expect(doc.url).toBeUndefined();
  });
});

describe('decodeEntities', () => {
  it.each([
    ['&lt;b&gt; &amp; &quot;x&quot;', '<b> & "x"'],
    ['&#233;t&#xE9;', 'été'],
    ['&unknown; &#0;', '&unknown; &#0;'],
  ])('decodes %j', (text, decoded) => {
    // Act
    const result = decodeEntities(text);

    // Assess
    expect(result).toBe(decoded);
  });
});

describe('parseJsonDocuments', () => {
  it.each([
    [
      'one document',
      { id: 'a', title: 'A', content: '## X\ntext', url: 'https://x/a' },
      [
        {
          documentId: 'a',
          title: 'A',
          content: '## X\ntext',
          url: 'https://x/a',
        },
      ],
    ],
    [
      'an array',
      [
        { id: 'a', title: 'A', content: 'one' },
        { id: 'b', title: 'B', content: 'two' },
      ],
      [
        { documentId: 'a', title: 'A', content: 'one' },
        { documentId: 'b', title: 'B', content: 'two' },
      ],
    ],
  ])('reads %s', (_, json, documents) => {
    // Act
    const parsed = parseJsonDocuments(JSON.stringify(json), 'docs.json');

    // Assess
    expect(parsed).toEqual(documents);
  });

  it.each([
    ['{ "id": ', /^docs\.json is not valid JSON: /],
    [
      '{"title": "A", "content": "x"}',
      /^docs\.json: id: .*\{ id, title, content, url\? \}/,
    ],
    [
      '[{"id": "a", "title": "A", "content": "x"}, {"id": "b c", "title": "B", "content": "y"}]',
      /^docs\.json: 1\.id: must be 1 to 180 characters/,
    ],
    ['[{"id": "a", "title": "", "content": "x"}]', /^docs\.json: 0\.title: /],
  ])('throws naming the file and field for %s', (text, message) => {
    // Act
    const parse = () => parseJsonDocuments(text, 'docs.json');

    // Assess
    expect(parse).toThrow(message);
  });
});

describe('markdownDocument', () => {
  it.each([
    ['# Shipping\n\n## Times\nFast.', 'Shipping'],
    ['## Times\nFast.', 'Fallback'],
  ])('titles %j by its first-level heading', (content, title) => {
    // Act
    const doc = markdownDocument(content, 'shipping', 'Fallback');

    // Assess
    expect(doc).toEqual({ documentId: 'shipping', title, content });
  });
});
