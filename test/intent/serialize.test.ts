import {
  deserializeModel,
  IntentModelFormatError,
  predict,
  serializeModel,
  train,
} from '../../functions/shared/intent';
import { IntentModelVersionError } from '../../functions/shared/intent/errors';
import { INTENT_ARTIFACT_VERSION } from '../../functions/shared/intent/serialize';
import { bankingSlice } from './fixtures';

describe('serializeModel and deserializeModel', () => {
  const model = train(bankingSlice('train', 15));
  const test = bankingSlice('test', 10);

  it('gives back a model that predicts exactly as the original', () => {
    // Act
    const loaded = deserializeModel(serializeModel(model));

    // Assess
    for (const { text } of test) {
      expect(predict(loaded, text)).toEqual(predict(model, text));
    }
  });

  it('reads an artifact that sits inside a larger buffer', () => {
    // Prepare
    const bytes = serializeModel(model);
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);

    // Act
    const loaded = deserializeModel(padded.subarray(3, 3 + bytes.length));

    // Assess
    expect(predict(loaded, test[0]?.text ?? '')).toEqual(
      predict(model, test[0]?.text ?? ''),
    );
  });

  it('keeps the fitted temperature and rejection threshold', () => {
    // Act
    const loaded = deserializeModel(serializeModel(model));

    // Assess
    expect(loaded.temperature).toBe(model.temperature);
    expect(loaded.rejectionThreshold).toBe(model.rejectionThreshold);
    expect(loaded.labels).toEqual(model.labels);
  });

  it.each([
    ['bytes of another kind', () => new TextEncoder().encode('hello world!')],
    ['too few bytes', () => new Uint8Array(4)],
    ['a truncated artifact', () => serializeModel(model).subarray(0, 400)],
    ['another format version', () => withVersion(serializeModel(model), 9)],
  ])('throws IntentModelFormatError for %s', (_, bytes) => {
    // Act
    const load = () => deserializeModel(bytes());

    // Assess
    expect(load).toThrow(IntentModelFormatError);
  });

  it('throws IntentModelVersionError naming the version of another format', () => {
    // Prepare
    const bytes = withVersion(serializeModel(model), 9);

    // Act
    const load = () => deserializeModel(bytes);

    // Assess
    expect(load).toThrow(IntentModelVersionError);
    expect(load).toThrow(
      `Unsupported intent model version 9; this code reads version ` +
        `${INTENT_ARTIFACT_VERSION}, so train it again`,
    );
  });
});

function withVersion(bytes: Uint8Array, version: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(4, version, true);
  return copy;
}
