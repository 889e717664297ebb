import type { KnowledgeDocument } from '../../functions/shared/knowledge/documents';

/** Small hand-written help articles; every call returns fresh objects. */
export const helpArticles = (): KnowledgeDocument[] => [
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

/** A paragraph of `sentences` numbered sentences of about 60 characters. */
export const paragraph = (label: string, sentences: number) =>
  Array.from(
    { length: sentences },
    (_, i) => `${label} sentence ${i + 1} says something about the topic.`,
  ).join(' ');
