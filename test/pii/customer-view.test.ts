import {
  forCustomer,
  hasPlaceholder,
} from '../../functions/shared/pii/customer-view';
import { redact } from '../../functions/shared/pii/redact';
import { PiiVault } from '../../functions/shared/pii/vault';

/** A vault holding one value of each type, as a conversation would. */
function seededVault(): PiiVault {
  const vault = new PiiVault();
  redact(
    [
      'card 4111 1111 1111 1111',
      'iban GB82 WEST 1234 5698 7654 32',
      'ssn 123-45-6789',
      'nino AB123456C',
      'mail maya.lindqvist@example.com',
      'phone +46 70 123 45 67',
      'home 986 Sunset Drive',
    ].join('; '),
    vault,
  );
  return vault;
}

describe('forCustomer', () => {
  it.each([
    ['Your email is [EMAIL_1].', 'Your email is maya.lindqvist@example.com.'],
    ['We will call [PHONE_1].', 'We will call +46 70 123 45 67.'],
    ['Shipping to [ADDRESS_1].', 'Shipping to 986 Sunset Drive.'],
    ['Paid with [CARD_1].', 'Paid with card ending 1111.'],
    ['Refund to your card [CARD_1].', 'Refund to your card ending 1111.'],
    ['Refund to [IBAN_1].', 'Refund to IBAN ending 5432.'],
    ['Your SSN [SSN_1] is on file.', 'Your SSN ending 6789 is on file.'],
    ['We hold [NINO_1].', 'We hold National Insurance number ending 456C.'],
    ['Unknown [CARD_9] and [EMAIL_4].', 'Unknown [CARD_9] and [EMAIL_4].'],
    ['Nothing to show.', 'Nothing to show.'],
    [
      '[EMAIL_1], [EMAIL_1]',
      'maya.lindqvist@example.com, maya.lindqvist@example.com',
    ],
  ])('turns %j into %j', (text, shown) => {
    // Act
    const result = forCustomer(text, seededVault());

    // Assess
    expect(result).toBe(shown);
  });

  it('shows no card digits beyond the last four', () => {
    // Act
    const shown = forCustomer('[CARD_1] [IBAN_1] [SSN_1]', seededVault());

    // Assess
    expect(shown).not.toMatch(/4111 1111|411111|GB82|123-45/);
  });
});

describe('hasPlaceholder', () => {
  it.each([
    ['Mail [EMAIL_1]', true],
    ['[CARD_12] it is', true],
    ['[[returns#2]]', false],
    ['[NAME_1]', false],
    ['plain text', false],
  ])('says %j holds a placeholder: %s', (text, expected) => {
    // Assess
    expect(hasPlaceholder(text)).toBe(expected);
  });
});
