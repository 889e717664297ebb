import {
  IntentDataError,
  type LabelledExample,
  OUT_OF_SCOPE,
  predict,
  serializeModel,
  train,
} from '../../functions/shared/intent';
import { scoreAnswers } from '../../functions/shared/intent/evaluate';
import { bankingSlice, SEPARABLE } from './fixtures';

describe('train and predict', () => {
  it.each([
    ['where has my card got to', 'card_arrival'],
    ['please change my pin', 'change_pin'],
    ['close the account now', 'terminate_account'],
  ])('classifies "%s" as %s', (text, intent) => {
    // Prepare
    const model = train(SEPARABLE);

    // Act
    const prediction = predict(model, text);

    // Assess
    expect(prediction.intent).toBe(intent);
    expect(prediction.runnerUp.intent).not.toBe(intent);
    expect(prediction.confidence).toBeGreaterThan(
      prediction.runnerUp.confidence,
    );
    expect(prediction.confidence).toBeLessThanOrEqual(1);
    expect(prediction.runnerUp.confidence).toBeGreaterThanOrEqual(0);
  });

  it('scores at least 85 % on a 15-intent Banking77 slice', () => {
    // Prepare
    const model = train(bankingSlice('train', 20));
    const test = bankingSlice('test', 10);

    // Act
    const answers = test.map((e) => predict(model, e.text).intent);

    // Assess
    expect(scoreAnswers(test, answers).accuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('gives the same artifact for the same examples and seed', () => {
    // Prepare
    const examples = bankingSlice('train', 10);

    // Act
    const first = serializeModel(train(examples));
    const second = serializeModel(train(examples));

    // Assess
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('reports progress that only grows and ends at 1', () => {
    // Prepare
    const fractions: number[] = [];

    // Act
    train(SEPARABLE, { onProgress: (f) => fractions.push(f) });

    // Assess
    expect(fractions.length).toBeGreaterThan(2);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(fractions.at(-1)).toBe(1);
  });

  it.each([
    ['no examples', []],
    ['one intent', [{ text: 'hello', label: 'greet' }]],
  ])('throws with %s', (_, examples: LabelledExample[]) => {
    // Act
    const run = () => train(examples);

    // Assess
    expect(run).toThrow(IntentDataError);
    expect(run).toThrow('Training needs at least two intents');
  });
});

describe('out-of-scope rejection', () => {
  const OUT_OF_SCOPE_TEXTS = [
    'what is the weather like tomorrow',
    'tell me a joke about penguins',
    'who won the football match',
    'recommend a good pizza place',
    'how tall is mount everest',
    'play some jazz music',
    'translate hello into french',
    'what time is it in tokyo',
    'set an alarm for seven',
    'how do i bake sourdough bread',
  ];

  function withOutOfScope(): LabelledExample[] {
    const oos = OUT_OF_SCOPE_TEXTS.map((text) => ({ text, label: 'oos' }));
    return [...bankingSlice('train', 20), ...oos, ...oos.map(reword)];
  }

  it('answers oos for utterances like the out-of-scope examples', () => {
    // Prepare
    const model = train(withOutOfScope());

    // Act
    const prediction = predict(model, 'tell me a joke about the weather');

    // Assess
    expect(prediction.intent).toBe(OUT_OF_SCOPE);
  });

  it('keeps answering in-scope utterances', () => {
    // Prepare
    const model = train(withOutOfScope());

    // Act
    const prediction = predict(model, 'my new card has still not arrived');

    // Assess
    expect(prediction.intent).toBe('card_arrival');
  });

  it('rejects a top intent below the threshold and names it runner-up', () => {
    // Prepare
    const model = train(SEPARABLE, { rejectionThreshold: 1.01 });

    // Act
    const prediction = predict(model, 'where is my card');

    // Assess
    expect(prediction.intent).toBe(OUT_OF_SCOPE);
    expect(prediction.runnerUp.intent).toBe('card_arrival');
    expect(prediction.confidence).toBeCloseTo(
      1 - prediction.runnerUp.confidence,
    );
  });

  it('never rejects when training has no oos examples', () => {
    // Act
    const model = train(bankingSlice('train', 10));

    // Assess
    expect(model.rejectionThreshold).toBe(0);
  });
});

/** A second phrasing, so the held-out share has out-of-scope rows too. */
function reword(example: LabelledExample): LabelledExample {
  return { ...example, text: `hey, ${example.text} please` };
}
