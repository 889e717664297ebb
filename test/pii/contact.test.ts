import type { PiiType } from '../../functions/shared/pii';
import { redact } from '../../functions/shared/pii';

/** The values `redact` found in `text`, as written, with their types. */
function found(text: string): { type: PiiType; value: string }[] {
  return redact(text).entities.map((entity) => ({
    type: entity.type,
    value: text.slice(entity.start, entity.end),
  }));
}

describe('email addresses', () => {
  it.each([
    ['Write to maya.lindqvist@example.com.', 'maya.lindqvist@example.com'],
    ['<Ann+orders@mail.example.co.uk>', 'Ann+orders@mail.example.co.uk'],
    [
      'mail:first_last-2@sub-domain.example.io,',
      'first_last-2@sub-domain.example.io',
    ],
    ['(raj89@example.com)', 'raj89@example.com'],
  ])('redacts the address in %j', (text, value) => {
    expect(found(text)).toEqual([{ type: 'EMAIL', value }]);
  });

  it.each([
    ['an at sign alone', 'meet @ noon'],
    ['a handle without a domain', 'ping @maya_lindqvist_2417'],
    ['a domain without a dot', 'user@localhost'],
    ['a numeric top-level label', 'user@example.123'],
  ])('leaves %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('phone numbers', () => {
  it.each([
    [
      'international, spaced',
      'Ring +46 70 123 45 67 today',
      '+46 70 123 45 67',
    ],
    ['international, compact', 'on +447700900123.', '+447700900123'],
    [
      'international with trunk zero',
      'at +44 (0)20 7946 0958',
      '+44 (0)20 7946 0958',
    ],
    ['US with brackets', 'at (555) 123-4567 today', '(555) 123-4567'],
    ['US with dashes', 'at 555-123-4567 today', '555-123-4567'],
    ['US with dots', 'at 555.123.4567 today', '555.123.4567'],
    ['US toll-free with 1', 'at 1-800-555-0199 today', '1-800-555-0199'],
    ['UK mobile, spaced', 'at 07700 900123 today', '07700 900123'],
    ['UK landline, spaced', 'at 020 7946 0958 today', '020 7946 0958'],
    ['Swedish, dashed', 'at 070-123 45 67 today', '070-123 45 67'],
    [
      'bare 10 digits after "call me at"',
      'call me at 5551234567',
      '5551234567',
    ],
    [
      'bare digits after "phone number is"',
      'my phone number is 0701234567',
      '0701234567',
    ],
    ['bare digits after "tel."', 'Tel. 4420794609 ok', '4420794609'],
    ['bare digits after "mobile:"', 'Mobile: 07700900123', '07700900123'],
  ])('redacts a %s number', (_, text, value) => {
    expect(found(text)).toEqual([{ type: 'PHONE', value }]);
  });

  it.each([
    ['a bare 10-digit product id', 'product 8310926033 please'],
    ['a bare 10-digit item id', 'item 6469567736 is blue'],
    ['a bare 11-digit number', 'ref 07700900123'],
    ['a 12-digit tracking id', 'tracking 357962501027'],
    ['an order id', 'order #W2611340'],
    ['a date', 'on 05-01-2024 10:30'],
    ['an ISO date', 'on 2024-05-01'],
    ['a price', 'it cost $1,299.99'],
    ['an IP address', 'from 192.168.100.200'],
    ['a version', 'version 10.2.3'],
    ['an id after "call"', 'I will call about 8310926033'],
    ['a short quantity after a cue', 'phone cases: 3'],
  ])('leaves %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('street addresses', () => {
  it.each([
    ['US street', 'ship to 986 Sunset Drive please', '986 Sunset Drive'],
    [
      'three-word street',
      'at 6773 Quarry Hill Drive.',
      '6773 Quarry Hill Drive',
    ],
    ['abbreviated kind', 'at 1234 Elm St, Springfield', '1234 Elm St'],
    ['kind with a dot', 'at 42 Oak Ave. today', '42 Oak Ave.'],
    ['ordinal street', 'at 350 5th Avenue today', '350 5th Avenue'],
    ['Broadway', 'at 123 Broadway today', '123 Broadway'],
    [
      'suite after a comma',
      'at 445 Maple Drive, Suite 394, Fort Worth',
      '445 Maple Drive, Suite 394',
    ],
    [
      'apartment',
      'at 8133 Bramble Row Apt 12 today',
      '8133 Bramble Row Apt 12',
    ],
    ['typed in lower case', 'send it to 12 main st ok', '12 main st'],
    ['Swedish street', 'bor på Storgatan 12 i Lund', 'Storgatan 12'],
    ['German street', 'an Hauptstraße 5a bitte', 'Hauptstraße 5a'],
  ])('redacts a %s', (_, text, value) => {
    expect(found(text)).toEqual([{ type: 'ADDRESS', value }]);
  });

  it.each([
    ['a quantity before a kind word', 'I want 2 more road bikes'],
    ['a phrase with "the street"', 'there are 3 shops on the street'],
    ['a phrase with "the way"', '2 items on the way'],
    ['a lower-case ambiguous kind', 'a 12 hour drive'],
    ['a product name', 'I ordered 2 Office Chair and 1 Water Bottle'],
    ['a single-digit lower-case street', 'go 2 blocks st'],
  ])('leaves %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});
