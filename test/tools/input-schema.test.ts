import * as z from 'zod';
import {
  compileInputSchema,
  InputSchemaError,
} from '../../schemas/tools/input-schema';
import { TRACKING_INPUT } from './fixtures';

const object = (properties: Record<string, unknown>, extra = {}) => ({
  type: 'object',
  properties,
  ...extra,
});

describe('compileInputSchema', () => {
  it.each([
    [
      'a pattern',
      { id: { type: 'string', pattern: '^\\d{4}$' } },
      '1234',
      '12',
    ],
    [
      'lengths',
      { id: { type: 'string', minLength: 2, maxLength: 3 } },
      'abc',
      'abcd',
    ],
    ['an enum', { size: { type: 'string', enum: ['S', 'M'] } }, 'M', 'XL'],
    [
      'an email',
      { email: { type: 'string', format: 'email' } },
      'ada@example.com',
      'ada',
    ],
    [
      'number bounds',
      { qty: { type: 'number', minimum: 1, maximum: 2 } },
      1.5,
      3,
    ],
    ['an integer', { qty: { type: 'integer', minimum: 0 } }, 2, 2.5],
    ['a boolean', { gift: { type: 'boolean' } }, true, 'yes'],
    [
      'an array of strings',
      {
        ids: {
          type: 'array',
          items: { type: 'string', pattern: '^\\d+$' },
          minItems: 1,
          maxItems: 2,
        },
      },
      ['1', '2'],
      ['1', '2', '3'],
    ],
  ])('accepts %s and validates with it', (_, properties, good, bad) => {
    // Prepare
    const name = Object.keys(properties)[0];

    // Act
    const schema = compileInputSchema(object(properties, { required: [name] }));

    // Assess
    expect(schema.safeParse({ [name]: good }).success).toBe(true);
    expect(schema.safeParse({ [name]: bad }).success).toBe(false);
  });

  it('makes properties outside required optional and refuses others', () => {
    // Act
    const schema = compileInputSchema(TRACKING_INPUT);

    // Assess
    expect(schema.safeParse({ tracking_number: '780391627633' }).success).toBe(
      true,
    );
    expect(schema.safeParse({}).success).toBe(false);
    expect(
      schema.safeParse({ tracking_number: '780391627633', x: 1 }).success,
    ).toBe(false);
  });

  it('exports the JSON Schema the tenant declared, for the model', () => {
    // Act
    const json = z.toJSONSchema(compileInputSchema(TRACKING_INPUT), {
      target: 'draft-7',
    });

    // Assess
    expect(json).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        tracking_number: {
          type: 'string',
          pattern: '^\\d{12}$',
          description: 'The 12-digit carrier tracking number',
        },
        detailed: { type: 'boolean' },
      },
      required: ['tracking_number'],
      additionalProperties: false,
    });
  });

  it.each([
    ['a root that is not an object', [], 'input', 'must be a JSON object'],
    ['a root of another type', { type: 'string' }, 'input.type', "'object'"],
    [
      'an unsupported root keyword',
      object({}, { $defs: {} }),
      'input.$defs',
      "unsupported keyword '$defs'",
    ],
    [
      'additionalProperties true',
      object({}, { additionalProperties: true }),
      'input.additionalProperties',
      'must be false',
    ],
    [
      'oneOf on a property',
      object({ a: { type: 'string', oneOf: [] } }),
      'input.properties.a.oneOf',
      "input.properties.a uses unsupported keyword 'oneOf'",
    ],
    [
      'a default',
      object({ a: { type: 'boolean', default: true } }),
      'input.properties.a.default',
      "unsupported keyword 'default'",
    ],
    [
      'a nested object',
      object({ a: { type: 'object', properties: {} } }),
      'input.properties.a.type',
      'nested objects are not supported',
    ],
    [
      'a keyword of another type',
      object({ a: { type: 'number', pattern: 'x' } }),
      'input.properties.a.pattern',
      "unsupported keyword 'pattern'",
    ],
    [
      'an array of arrays',
      object({
        a: {
          type: 'array',
          items: { type: 'array', items: { type: 'string' } },
        },
      }),
      'input.properties.a.items',
      'arrays of arrays',
    ],
    [
      'an array without items',
      object({ a: { type: 'array' } }),
      'input.properties.a.items',
      'is required',
    ],
    [
      'a format other than email',
      object({ a: { type: 'string', format: 'uri' } }),
      'input.properties.a.format',
      "must be 'email'",
    ],
    [
      'an enum with a pattern',
      object({ a: { type: 'string', enum: ['x'], pattern: 'x' } }),
      'input.properties.a.enum',
      'cannot be combined with pattern',
    ],
    [
      'an enum of numbers',
      object({ a: { type: 'string', enum: [1, 2] } }),
      'input.properties.a.enum',
      'distinct strings',
    ],
    [
      'a broken pattern',
      object({ a: { type: 'string', pattern: '(' } }),
      'input.properties.a.pattern',
      'not a valid regular expression',
    ],
    [
      'minimum above maximum',
      object({ a: { type: 'integer', minimum: 5, maximum: 1 } }),
      'input.properties.a.minimum',
      'is above',
    ],
    [
      'a negative length',
      object({ a: { type: 'string', maxLength: -1 } }),
      'input.properties.a.maxLength',
      'whole number',
    ],
    [
      'a required name that is no property',
      object({ a: { type: 'string' } }, { required: ['b'] }),
      'input.required',
      "'b', which is not in properties",
    ],
    [
      'an odd property name',
      object({ 'a-b': { type: 'string' } }),
      'input.properties.a-b',
      "property name 'a-b'",
    ],
    [
      'too many properties',
      object(
        Object.fromEntries(
          Array.from({ length: 33 }, (_, i) => [`p${i}`, { type: 'boolean' }]),
        ),
      ),
      'input.properties',
      'at most 32',
    ],
  ])('refuses %s, naming where', (_, schema, at, message) => {
    // Act
    let thrown: unknown;
    try {
      compileInputSchema(schema);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(InputSchemaError);
    expect((thrown as InputSchemaError).at).toBe(at);
    expect((thrown as InputSchemaError).message).toContain(message);
  });
});
