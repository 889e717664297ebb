import { offlineConverse } from '../../../local/bedrock/offline-model';
import { converse, SYSTEM, TOOL_CONFIG, user } from './offline-model-fixtures';

describe('offlineConverse', () => {
  it('gives the same response to the same request', () => {
    // Prepare
    const request = () => ({
      system: [{ text: SYSTEM }],
      toolConfig: TOOL_CONFIG,
      messages: [user('Where is my order #W2378156?')],
    });

    // Act
    const first = offlineConverse(request());
    const second = offlineConverse(request());

    // Assess
    expect(second).toEqual(first);
  });

  it('reports usage of about one token per four characters', () => {
    // Act
    const { response, text } = converse([user('How long does shipping take?')]);

    // Assess
    const { inputTokens, outputTokens, totalTokens } = response.usage;
    expect(outputTokens).toBeGreaterThanOrEqual(Math.floor(text.length / 4));
    expect(inputTokens).toBeGreaterThan(SYSTEM.length / 4);
    expect(totalTokens).toBe(inputTokens + outputTokens);
    expect(response.additionalModelResponseFields.offlineModel).toBe(true);
  });
});
