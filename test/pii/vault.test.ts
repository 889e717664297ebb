import { InvariantError } from '../../functions/shared/errors';
import { PiiVault, redact, reidentify } from '../../functions/shared/pii';

const FIRST =
  'Card 4111 1111 1111 1111, mail ann@example.com, call +46 70 123 45 67.';
const SECOND =
  'Use 5500-0000-0000-0004, not 4111-1111-1111-1111. Mail ANN@example.com.';

describe('placeholders', () => {
  it('numbers each type from 1 in order of appearance', () => {
    // Act
    const result = redact(
      'a@example.com, 4111111111111111, b@example.com, 5500000000000004',
    );

    // Assess
    expect(result.text).toBe('[EMAIL_1], [CARD_1], [EMAIL_2], [CARD_2]');
    expect(result.entities).toEqual([
      { type: 'EMAIL', placeholder: '[EMAIL_1]', start: 0, end: 13 },
      { type: 'CARD', placeholder: '[CARD_1]', start: 15, end: 31 },
      { type: 'EMAIL', placeholder: '[EMAIL_2]', start: 33, end: 46 },
      { type: 'CARD', placeholder: '[CARD_2]', start: 48, end: 64 },
    ]);
  });

  it('gives one value the same placeholder across messages of a vault', () => {
    // Prepare
    const vault = new PiiVault();

    // Act
    const first = redact(FIRST, vault);
    const second = redact(SECOND, vault);

    // Assess
    expect(first.text).toBe('Card [CARD_1], mail [EMAIL_1], call [PHONE_1].');
    expect(second.text).toBe('Use [CARD_2], not [CARD_1]. Mail [EMAIL_1].');
    expect(vault.size).toBe(4);
  });

  it('starts numbering afresh without a vault', () => {
    // Act
    const first = redact(FIRST);
    const second = redact(SECOND);

    // Assess
    expect(first.text).toContain('[CARD_1]');
    expect(second.text).toBe('Use [CARD_1], not [CARD_2]. Mail [EMAIL_1].');
  });

  it('returns clean text unchanged', () => {
    expect(redact('Where is my parcel?')).toEqual({
      text: 'Where is my parcel?',
      entities: [],
    });
  });
});

describe('PiiVault', () => {
  it('round-trips through JSON and keeps numbering', () => {
    // Prepare
    const vault = new PiiVault();
    redact(FIRST, vault);

    // Act
    const restored = PiiVault.fromJSON(JSON.parse(JSON.stringify(vault)));
    const next = redact(SECOND, restored);

    // Assess
    expect(restored.toJSON()).toEqual({
      '[CARD_1]': '4111 1111 1111 1111',
      '[EMAIL_1]': 'ann@example.com',
      '[PHONE_1]': '+46 70 123 45 67',
      '[CARD_2]': '5500-0000-0000-0004',
    });
    expect(next.text).toBe('Use [CARD_2], not [CARD_1]. Mail [EMAIL_1].');
  });

  it.each([
    ['an array', ['4111111111111111']],
    ['a key that is no placeholder', { '4111111111111111': 'card' }],
    ['an unknown type', { '[PASSPORT_1]': '4111111111111111' }],
    ['a value that is no string', { '[CARD_1]': 4111111111111111 }],
  ])('throws, naming no stored value, when the vault is %s', (_, json) => {
    // Act
    const act = () => PiiVault.fromJSON(json);

    // Assess
    expect(act).toThrow(InvariantError);
    expect(act).not.toThrow(/4111/);
  });
});

describe('reidentify', () => {
  const vault = new PiiVault();
  const redacted = redact(
    'Ship to 986 Sunset Drive, pay with 4111 1111 1111 1111, mail a@example.com',
    vault,
  ).text;

  it('restores every value without a list of types', () => {
    expect(reidentify(redacted, vault)).toBe(
      'Ship to 986 Sunset Drive, pay with 4111 1111 1111 1111, mail a@example.com',
    );
  });

  it('restores only the allowed types', () => {
    expect(reidentify(redacted, vault, ['ADDRESS', 'EMAIL'])).toBe(
      'Ship to 986 Sunset Drive, pay with [CARD_1], mail a@example.com',
    );
  });

  it('restores nothing with an empty list', () => {
    expect(reidentify(redacted, vault, [])).toBe(redacted);
  });

  it('leaves placeholders the vault does not hold', () => {
    expect(reidentify('[CARD_9] and [NAME_1]', vault)).toBe(
      '[CARD_9] and [NAME_1]',
    );
  });
});
