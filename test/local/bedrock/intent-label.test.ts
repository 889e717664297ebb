import { labelSystemPrompt } from '../../../functions/shared/intent/label-prompt';
import { NO_LABEL } from '../../../local/bedrock/intent-label';
import { offlineConverse } from '../../../local/bedrock/offline-model';

const LABELS = ['order_status', 'return_request', 'shipping_policy', 'oos'];

function pick(text: string, labels: readonly string[] = LABELS) {
  const response = offlineConverse({
    system: [{ text: labelSystemPrompt(labels) }],
    messages: [{ role: 'user', content: [{ text }] }],
  });
  return {
    text: response.output.message.content[0],
    route: response.additionalModelResponseFields.route,
  };
}

describe('offlineConverse label requests', () => {
  it.each([
    ['What is the status of my order?', 'order_status'],
    ['I would like to return these boots', 'return_request'],
    ['Tell me about your shipping policy', 'shipping_policy'],
    ['Sing me a song', 'oos'],
  ])('answers "%s" with %s', (text, label) => {
    // Act
    const answer = pick(text);

    // Assess
    expect(answer).toEqual({ text: { text: label }, route: 'intent_label' });
  });

  it('answers a label that is not in the list when nothing matches and oos is not listed', () => {
    // Act
    const answer = pick('Sing me a song', ['order_status', 'return_request']);

    // Assess
    expect(answer.text).toEqual({ text: NO_LABEL });
  });

  it('gives the same answer to the same request', () => {
    // Act
    const first = pick('my order and my return');
    const second = pick('my order and my return');

    // Assess
    expect(first).toEqual(second);
    expect(first.text).toEqual({ text: 'order_status' });
  });
});
