import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, unknown>;
type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

/** Words DynamoDB refuses as bare attribute names that our items use. */
const RESERVED = new Set(
  'status segment sequence text index usage url name count'.split(' '),
);

/**
 * An in-memory stand-in for the tables behind a mocked document client. It
 * serves Get, Put, Update and Query with the subset of expression syntax
 * the shared data-access code writes (conditions of `=`, `<`, `<=`, `AND`,
 * `OR`, attribute_(not_)exists, on attributes or nested paths such as
 * `a.b`; `SET`, `ADD`, `REMOVE` of top-level attributes), and, like
 * DynamoDB, refuses reserved words used as bare attribute names.
 */
export class FakeTables {
  private readonly items = new Map<string, Item>();

  constructor(ddb: AwsClientStub<DynamoDBDocumentClient>) {
    ddb.on(GetCommand).callsFake((input) => {
      const item = this.items.get(keyOf(input.TableName, input.Key));
      return { Item: item ? structuredClone(item) : undefined };
    });
    ddb.on(PutCommand).callsFake((input) => {
      const key = keyOf(input.TableName, input.Item);
      const names = input.ExpressionAttributeNames;
      const values = input.ExpressionAttributeValues;
      check(input.ConditionExpression, this.items.get(key), names, values);
      this.items.set(key, structuredClone(input.Item));
      return {};
    });
    ddb.on(UpdateCommand).callsFake((input) => this.update(input));
    ddb.on(QueryCommand).callsFake((input) => this.query(input));
  }

  put(table: string, item: Item): void {
    this.items.set(keyOf(table, item), structuredClone(item));
  }

  get(table: string, pk: string, sk: string): Item | undefined {
    const item = this.items.get(keyOf(table, { pk, sk }));
    return item ? structuredClone(item) : undefined;
  }

  /** Items of one partition whose sort key starts with `prefix`, in order. */
  list(table: string, pk: string, prefix = ''): Item[] {
    return [...this.items.entries()]
      .filter(([k]) => k.startsWith(`${table}|${pk}|${prefix}`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, item]) => structuredClone(item));
  }

  private update(input: UpdateCommand['input']) {
    const key = keyOf(input.TableName, input.Key);
    const names = input.ExpressionAttributeNames;
    const values = input.ExpressionAttributeValues;
    const current = this.items.get(key);
    check(input.ConditionExpression, current, names, values);
    const item = current ?? { ...input.Key };
    apply(input.UpdateExpression ?? '', item, names, values);
    this.items.set(key, item);
    return { Attributes: structuredClone(item) };
  }

  private query(input: QueryCommand['input']) {
    const values = input.ExpressionAttributeValues ?? {};
    const pk = values[':pk'] as string;
    const condition = input.KeyConditionExpression ?? '';
    const between = condition.includes('BETWEEN');
    const prefix = between ? '' : String(values[':doc'] ?? '');
    let items = this.list(input.TableName ?? '', pk, prefix);
    if (between) {
      const [from, to] = [String(values[':from']), String(values[':to'])];
      items = items.filter((i) => String(i.sk) >= from && String(i.sk) <= to);
    }
    if (input.ScanIndexForward === false) items.reverse();
    return { Items: items.slice(0, input.Limit ?? items.length) };
  }
}

const keyOf = (table: string | undefined, key: Item | undefined) =>
  `${table}|${key?.pk}|${key?.sk}`;

/** A value placeholder, or a document path such as `a.#b` into `item`. */
function operand(token: string, item: Item, names: Names, values: Values) {
  if (token.startsWith(':')) return values?.[token];
  return token
    .split('.')
    .reduce<unknown>(
      (at, part) =>
        typeof at === 'object' && at !== null
          ? (at as Item)[attribute(part, names)]
          : undefined,
      item,
    );
}

function attribute(token: string, names: Names): string {
  if (token.startsWith('#')) return names?.[token] ?? token;
  if (RESERVED.has(token.toLowerCase())) {
    throw Object.assign(
      new Error(
        `Attribute name is a reserved keyword; reserved keyword: ${token}`,
      ),
      { name: 'ValidationException' },
    );
  }
  return token;
}

function check(
  expression: string | undefined,
  current: Item | undefined,
  names: Names,
  values: Values,
): void {
  if (!expression) return;
  const flat = expression
    .replace(/attribute_not_exists\(pk\)/g, 'NOT_EXISTS')
    .replace(/attribute_exists\(pk\)/g, 'EXISTS')
    .replace(/[()]/g, ' ');
  const holds = flat.split(/\s+OR\s+/).some((any) =>
    any.split(/\s+AND\s+/).every((atom) => {
      const parts = atom.trim().split(/\s+/);
      if (parts[0] === 'NOT_EXISTS') return current === undefined;
      if (parts[0] === 'EXISTS') return current !== undefined;
      if (!current) return false;
      const [left, op, right] = parts as [string, string, string];
      const a = operand(left, current, names, values) as number;
      const b = operand(right, current, names, values) as number;
      return op === '=' ? a === b : op === '<' ? a < b : a <= b;
    }),
  );
  if (!holds) {
    throw new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
    });
  }
}

function apply(expression: string, item: Item, names: Names, values: Values) {
  const clauses = expression.matchAll(
    /(SET|ADD|REMOVE)\s+(.*?)(?=\s+(?:SET|ADD|REMOVE)\s+|$)/g,
  );
  for (const [, verb, body = ''] of clauses) {
    for (const part of body.split(',').map((p) => p.trim())) {
      if (verb === 'REMOVE') {
        delete item[attribute(part, names)];
        continue;
      }
      const [path = '', value = ''] =
        verb === 'SET' ? part.split(/\s*=\s*/) : part.split(/\s+/);
      const field = attribute(path, names);
      const given = values?.[value];
      item[field] =
        verb === 'ADD'
          ? Number(item[field] ?? 0) + Number(given)
          : structuredClone(given);
    }
  }
}
