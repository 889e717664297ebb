import * as z from 'zod';

/**
 * Compiles the JSON Schema a tenant declares for a tool's input into a zod
 * schema, so tenant tools are validated like the built-in ones and
 * exported to the model with `z.toJSONSchema`. Only a small subset is
 * accepted, the one a customer-service tool needs and every validator
 * agrees on:
 *
 * - the root: `type: "object"`, `properties`, `required`,
 *   `additionalProperties: false` (also applied when left out);
 * - a property: `string` (`pattern`, `minLength`, `maxLength`, `enum`,
 *   `format: "email"`), `number` or `integer` (`minimum`, `maximum`),
 *   `boolean`, or an `array` of those (`items`, `minItems`, `maxItems`);
 * - `description` anywhere, which the model reads.
 *
 * Anything else (nested objects, `oneOf`, `$ref`, `default`…) is refused
 * with an `InputSchemaError` naming the keyword and where it is.
 */

/** A keyword or value of a declared input schema that is not accepted. */
export class InputSchemaError extends Error {
  constructor(
    /** Where in the schema, such as `input.properties.size.items`. */
    readonly at: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputSchemaError';
  }
}

/** Most properties one tool input may have. */
export const MAX_INPUT_PROPERTIES = 32;
const MAX_PATTERN_CHARS = 256;
const MAX_ENUM_VALUES = 100;
const MAX_DESCRIPTION_CHARS = 500;
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const ROOT_KEYWORDS = [
  'type',
  'description',
  'properties',
  'required',
  'additionalProperties',
];
const KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  string: ['pattern', 'minLength', 'maxLength', 'enum', 'format'],
  number: ['minimum', 'maximum'],
  integer: ['minimum', 'maximum'],
  boolean: [],
  array: ['items', 'minItems', 'maxItems'],
};

type Node = Readonly<Record<string, unknown>>;

/** Compiles a declared input schema; throws `InputSchemaError`. */
export function compileInputSchema(schema: unknown): z.ZodObject {
  const root = objectAt(schema, 'input');
  allowOnly(root, ROOT_KEYWORDS, 'input');
  if (root.type !== 'object') {
    throw new InputSchemaError('input.type', "input.type must be 'object'");
  }
  if (
    root.additionalProperties !== undefined &&
    root.additionalProperties !== false
  ) {
    throw new InputSchemaError(
      'input.additionalProperties',
      'input.additionalProperties must be false',
    );
  }
  const properties = objectAt(root.properties ?? {}, 'input.properties');
  const names = Object.keys(properties);
  if (names.length > MAX_INPUT_PROPERTIES) {
    throw new InputSchemaError(
      'input.properties',
      `input.properties has ${names.length} entries; at most ` +
        `${MAX_INPUT_PROPERTIES} are accepted`,
    );
  }
  const required = requiredNames(root.required, names);

  const shape = Object.fromEntries(
    names.map((name) => {
      const at = `input.properties.${name}`;
      if (!PROPERTY_NAME.test(name)) {
        throw new InputSchemaError(
          at,
          `property name '${name}' must be letters, digits and _ ` +
            '(at most 64, not starting with a digit)',
        );
      }
      const property = compileProperty(properties[name], at, true);
      return [name, required.has(name) ? property : property.optional()];
    }),
  );
  return withDescription(z.strictObject(shape), root, 'input');
}

function compileProperty(
  value: unknown,
  at: string,
  arrays: boolean,
): z.ZodType {
  const node = objectAt(value, at);
  const type = node.type;
  if (typeof type !== 'string' || !KEYWORDS[type]) {
    throw new InputSchemaError(
      `${at}.type`,
      `${at}.type must be one of ${Object.keys(KEYWORDS).join(', ')}` +
        (type === 'object' ? ' (nested objects are not supported)' : ''),
    );
  }
  allowOnly(node, ['type', 'description', ...KEYWORDS[type]], at);
  const schema =
    type === 'string'
      ? compileString(node, at)
      : type === 'number' || type === 'integer'
        ? compileNumber(node, at, type === 'integer')
        : type === 'boolean'
          ? z.boolean()
          : compileArray(node, at, arrays);
  return withDescription(schema, node, at);
}

function compileString(node: Node, at: string): z.ZodType {
  if (node.enum !== undefined) {
    const others = ['pattern', 'minLength', 'maxLength', 'format'].filter(
      (k) => node[k] !== undefined,
    );
    if (others.length > 0) {
      throw new InputSchemaError(
        `${at}.enum`,
        `${at}: enum cannot be combined with ${others.join(', ')}`,
      );
    }
    return z.enum(enumValues(node.enum, `${at}.enum`));
  }
  if (node.format !== undefined && node.format !== 'email') {
    throw new InputSchemaError(
      `${at}.format`,
      `${at}.format must be 'email' (the only format supported)`,
    );
  }
  let schema = node.format === 'email' ? z.email() : z.string();
  const min = count(node.minLength, `${at}.minLength`);
  const max = count(node.maxLength, `${at}.maxLength`);
  ordered(min, max, `${at}.minLength`, `${at}.maxLength`);
  if (min !== undefined) schema = schema.min(min);
  if (max !== undefined) schema = schema.max(max);
  if (node.pattern !== undefined) {
    schema = schema.regex(regExp(node.pattern, `${at}.pattern`));
  }
  return schema;
}

function compileNumber(node: Node, at: string, integer: boolean): z.ZodType {
  let schema = integer ? z.int() : z.number();
  const min = finite(node.minimum, `${at}.minimum`);
  const max = finite(node.maximum, `${at}.maximum`);
  ordered(min, max, `${at}.minimum`, `${at}.maximum`);
  if (min !== undefined) schema = schema.min(min);
  if (max !== undefined) schema = schema.max(max);
  return schema;
}

function compileArray(node: Node, at: string, arrays: boolean): z.ZodType {
  if (!arrays) {
    throw new InputSchemaError(at, `${at}: arrays of arrays are not supported`);
  }
  if (node.items === undefined) {
    throw new InputSchemaError(`${at}.items`, `${at}.items is required`);
  }
  let schema = z.array(compileProperty(node.items, `${at}.items`, false));
  const min = count(node.minItems, `${at}.minItems`);
  const max = count(node.maxItems, `${at}.maxItems`);
  ordered(min, max, `${at}.minItems`, `${at}.maxItems`);
  if (min !== undefined) schema = schema.min(min);
  if (max !== undefined) schema = schema.max(max);
  return schema;
}

function withDescription<S extends z.ZodType>(
  schema: S,
  node: Node,
  at: string,
): S {
  const { description } = node;
  if (description === undefined) return schema;
  if (
    typeof description !== 'string' ||
    description.length === 0 ||
    description.length > MAX_DESCRIPTION_CHARS
  ) {
    throw new InputSchemaError(
      `${at}.description`,
      `${at}.description must be text of 1 to ${MAX_DESCRIPTION_CHARS} ` +
        'characters',
    );
  }
  return schema.describe(description);
}

function allowOnly(node: Node, keywords: readonly string[], at: string) {
  const unsupported = Object.keys(node).find((k) => !keywords.includes(k));
  if (unsupported !== undefined) {
    throw new InputSchemaError(
      `${at}.${unsupported}`,
      `${at} uses unsupported keyword '${unsupported}'`,
    );
  }
}

function objectAt(value: unknown, at: string): Node {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputSchemaError(at, `${at} must be a JSON object`);
  }
  return value as Node;
}

function requiredNames(value: unknown, names: readonly string[]): Set<string> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new InputSchemaError(
      'input.required',
      'input.required must be a list of property names',
    );
  }
  const unknown = value.find((v) => !names.includes(v));
  if (unknown !== undefined) {
    throw new InputSchemaError(
      'input.required',
      `input.required names '${unknown}', which is not in properties`,
    );
  }
  return new Set(value as string[]);
}

function enumValues(value: unknown, at: string): [string, ...string[]] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_ENUM_VALUES ||
    value.some((v) => typeof v !== 'string') ||
    new Set(value).size !== value.length
  ) {
    throw new InputSchemaError(
      at,
      `${at} must list 1 to ${MAX_ENUM_VALUES} distinct strings`,
    );
  }
  return value as [string, ...string[]];
}

function count(value: unknown, at: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new InputSchemaError(at, `${at} must be a whole number, 0 or more`);
  }
  return value as number;
}

function finite(value: unknown, at: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputSchemaError(at, `${at} must be a number`);
  }
  return value;
}

function ordered(
  min: number | undefined,
  max: number | undefined,
  minAt: string,
  maxAt: string,
): void {
  if (min !== undefined && max !== undefined && min > max) {
    throw new InputSchemaError(minAt, `${minAt} is above ${maxAt}`);
  }
}

function regExp(value: unknown, at: string): RegExp {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_PATTERN_CHARS
  ) {
    throw new InputSchemaError(
      at,
      `${at} must be a regular expression of 1 to ${MAX_PATTERN_CHARS} ` +
        'characters',
    );
  }
  try {
    return new RegExp(value);
  } catch {
    throw new InputSchemaError(at, `${at} is not a valid regular expression`);
  }
}
