import { KnowledgeSettingsSchema } from '../../schemas/tenant-config';

describe('knowledge.embeddings', () => {
  it('is absent by default: ranking stays lexical', () => {
    // Act
    const settings = KnowledgeSettingsSchema.parse({});

    // Assess
    expect(settings.embeddings).toBeUndefined();
  });

  it('fills Titan Text Embeddings V2, 1024 components and an even fusion', () => {
    // Act
    const settings = KnowledgeSettingsSchema.parse({ embeddings: {} });

    // Assess
    expect(settings.embeddings).toEqual({
      modelId: 'amazon.titan-embed-text-v2:0',
      dimensions: 1024,
      weight: 0.5,
    });
  });

  it.each([
    ['an unknown model', { modelId: 'amazon.titan-embed-text-v1' }, 'modelId'],
    ['an unsupported length', { dimensions: 384 }, 'dimensions'],
    [
      'a length the model does not return',
      { modelId: 'cohere.embed-english-v3', dimensions: 256 },
      'dimensions',
    ],
    ['a weight above 1', { weight: 1.5 }, 'weight'],
  ])('refuses %s', (_case, embeddings, field) => {
    // Act
    const parsed = KnowledgeSettingsSchema.safeParse({ embeddings });

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['embeddings', field]);
  });
});
