import type { PiiType } from '../../functions/shared/pii';
import { ibanValid, luhnValid, redact } from '../../functions/shared/pii';

/** The values `redact` found in `text`, as written, with their types. */
function found(text: string): { type: PiiType; value: string }[] {
  return redact(text).entities.map((entity) => ({
    type: entity.type,
    value: text.slice(entity.start, entity.end),
  }));
}

describe('payment cards', () => {
  it.each([
    ['Visa, grouped by spaces', '4111 1111 1111 1111'],
    ['Mastercard, grouped by dashes', '5500-0000-0000-0004'],
    ['Mastercard 2-series, contiguous', '2223000048410010'],
    ['Amex, 4-6-5', '3782 822463 10005'],
    ['Amex, contiguous', '371449635398431'],
    ['Discover, contiguous', '6011000990139424'],
    ['Diners, 4-6-4', '3056 930902 5904'],
    ['Visa, 13 digits', '4222222222222'],
    ['UnionPay, 19 digits in 4-4-4-4-3', '6212 3456 7890 1234 569'],
    ['19 digits, contiguous', '6011000000000000001'],
  ])('redacts a valid card: %s', (_, card) => {
    // Prepare
    const text = `My card is ${card}, thanks.`;

    // Act
    const result = redact(text);

    // Assess
    expect(result.text).toBe('My card is [CARD_1], thanks.');
    expect(found(text)).toEqual([{ type: 'CARD', value: card }]);
  });

  it.each([
    ['fails Luhn, grouped', '4111 1111 1111 1112'],
    ['fails Luhn, dashed', '5500-0000-0000-0005'],
    ['fails Luhn, contiguous', '1234567890123456'],
    ['fails Luhn, 13 digits', '4111111111111'],
    ['passes Luhn but has 12 digits', '424242424242'],
    ['passes Luhn but has 20 digits', '41111111111111111115'],
    ['is glued to letters', 'ref4111111111111111x'],
    ['starts with a group of three', '411 1111 1111 1111 1'],
  ])('leaves a number that %s', (_, number) => {
    // Prepare
    const text = `Reference ${number} attached.`;

    // Act
    const result = redact(text);

    // Assess
    expect(result.entities.filter((e) => e.type === 'CARD')).toEqual([]);
  });

  it.each([
    [
      'dots between groups of four',
      'card 4111.1111.1111.1111.',
      'card [CARD_1].',
    ],
    ['a word right before it', 'card4111111111111111 ok', 'card[CARD_1] ok'],
    ['a capitalised word before it', 'VISA4111111111111111', 'VISA[CARD_1]'],
    ['a word before dotted groups', 'cc4111.1111.1111.1111', 'cc[CARD_1]'],
    ['dots and spaces mixed', 'is 5500.0000 0000-0004', 'is [CARD_1]'],
  ])('redacts a card written with %s', (_, text, redacted) => {
    // Act
    const result = redact(text);

    // Assess
    expect(result.text).toBe(redacted);
    expect(result.entities.map((e) => e.type)).toEqual(['CARD']);
  });

  it.each([
    ['a dotted date', 'shipped 2024.05.01 to me'],
    ['a dotted date and time', 'at 2024.05.01.1030 sharp'],
    ['an IP address', 'from 192.168.100.200 today'],
    ['dots between groups other than four', 'code 3782.822463.10005'],
    ['dotted groups failing Luhn', 'card 4111.1111.1111.1112'],
    ['an order id in the store format', 'order #W4111111111111111 late'],
    ['a reference after #', 'ticket #AB4111111111111111'],
    ['an id of letters and digits', 'id a1b4111111111111111'],
    ['an id with an underscore', 'key ref_4111111111111111'],
    ['a word that fails Luhn', 'card4111111111111112'],
  ])('leaves %s', (_, text) => {
    // Act
    const result = redact(text);

    // Assess
    expect(result.entities.filter((e) => e.type === 'CARD')).toEqual([]);
  });

  it('finds a card followed by its expiry in one run of digits', () => {
    // Prepare
    const text = 'card 4111 1111 1111 1111 12/27 cvc 123';

    // Act
    const result = redact(text);

    // Assess
    expect(result.text).toBe('card [CARD_1] 12/27 cvc 123');
  });

  it('finds a card right after an order id in one run', () => {
    // Prepare
    const text = 'order #W2611340 4111 1111 1111 1111';

    // Act
    const result = redact(text);

    // Assess
    expect(result.text).toBe('order #W2611340 [CARD_1]');
  });

  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['79927398713', true],
    ['79927398710', false],
  ])('checks %s with Luhn as %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });
});

describe('US Social Security numbers', () => {
  it.each([
    ['a dashed number', 'SSN 123-45-6789', '123-45-6789'],
    ['area 899', 'it is 899-12-3456.', '899-12-3456'],
    ['nine digits after "SSN:"', 'SSN: 123456789', '123456789'],
    [
      'spaced after "social security number"',
      'social security number 123 45 6789',
      '123 45 6789',
    ],
  ])('redacts %s', (_, text, value) => {
    expect(found(text)).toEqual([{ type: 'SSN', value }]);
  });

  it.each([
    ['area 000', '000-12-3456'],
    ['area 666', '666-12-3456'],
    ['area 900', '900-12-3456'],
    ['area 987', '987-65-4321'],
    ['group 00', '123-00-4567'],
    ['serial 0000', '123-45-0000'],
    ['nine bare digits without a cue', '123456789'],
  ])('leaves %s', (_, number) => {
    expect(found(`number ${number} here`)).toEqual([]);
  });
});

describe('UK National Insurance numbers', () => {
  it.each([
    ['compact', 'AB123456C'],
    ['compact, lower case', 'ab123456c'],
    ['spaced', 'AB 12 34 56 C'],
    ['suffix D', 'JG103759D'],
  ])('redacts a %s number', (_, nino) => {
    expect(found(`my NI number is ${nino}.`)).toEqual([
      { type: 'NINO', value: nino },
    ]);
  });

  it.each([
    ['prefix GB', 'GB123456A'],
    ['prefix with D', 'DA123456A'],
    ['second letter O', 'AO123456A'],
    ['suffix E', 'AB123456E'],
    ['spaced lower case', 'ab 12 34 56 c'],
  ])('leaves a number with %s', (_, nino) => {
    expect(found(`value ${nino} here`)).toEqual([]);
  });
});

describe('IBANs', () => {
  it.each([
    ['British, grouped', 'GB82 WEST 1234 5698 7654 32'],
    ['German, grouped', 'DE89 3704 0044 0532 0130 00'],
    ['French, compact', 'FR1420041010050500013M02606'],
    ['Dutch, lower case', 'nl91abna0417164300'],
    ['Swedish, compact', 'SE4550000000058398257466'],
  ])('redacts a valid %s IBAN', (_, iban) => {
    expect(found(`Pay to ${iban} please`)).toEqual([
      { type: 'IBAN', value: iban },
    ]);
  });

  it.each([
    ['a wrong check digit', 'GB82 WEST 1234 5698 7654 33'],
    ['a changed account digit', 'DE89370400440532013001'],
    ['too few characters', 'GB82WEST1234'],
  ])('leaves an IBAN with %s', (_, iban) => {
    expect(found(`Pay to ${iban} please`)).toEqual([]);
  });

  it.each([
    ['GB82WEST12345698765432', true],
    ['GB82WEST12345698765433', false],
  ])('checks %s with mod-97 as %s', (iban, valid) => {
    expect(ibanValid(iban)).toBe(valid);
  });
});
