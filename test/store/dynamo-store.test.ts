import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { InvariantError } from '../../functions/shared/errors';
import { DynamoStore } from '../../functions/shared/store/dynamo';
import { RevisionConflictError } from '../../functions/shared/store/errors';
import { decodeStoreJson } from '../../functions/shared/store/json';
import { storeJson } from './fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoStore({
  client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
  tableName: 'Store',
  tenantId: 'demo',
});

beforeEach(() => {
  ddb.reset();
});

describe('DynamoStore keys', () => {
  it.each([
    [
      'a user',
      () => store.getUser('ada_quill_1001'),
      { pk: 'T#demo#USER#ada_quill_1001', sk: 'USER' },
    ],
    [
      'an order',
      () => store.getOrder('#W1000001'),
      { pk: 'T#demo#ORDER##W1000001', sk: 'ORDER' },
    ],
    [
      'a product',
      () => store.getProduct('1111111111'),
      { pk: 'T#demo#PRODUCTS', sk: 'PRODUCT#1111111111' },
    ],
  ])('reads %s by its tenant-scoped key', async (_, read, key) => {
    // Prepare
    ddb.on(GetCommand).resolves({});

    // Act
    await read();

    // Assess
    expect(ddb.commandCalls(GetCommand)[0].args[0].input).toEqual({
      TableName: 'Store',
      Key: key,
      ConsistentRead: true,
    });
  });

  it.each([
    [
      'email',
      () => store.findUserIdByEmail('Ada.Quill@Example.com'),
      'T#demo#EMAIL#ada.quill%40example.com',
    ],
    [
      'name and zip',
      () => store.findUserIdByNameZip('Ada', 'Quill', '97701'),
      'T#demo#NAME_ZIP#97701#ada#quill',
    ],
  ])('looks a user up by %s on gsi1', async (_, lookUp, gsi1pk) => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [{ gsi1sk: 'U#ada_quill_1001' }] });

    // Act
    const userId = await lookUp();

    // Assess
    expect(userId).toBe('ada_quill_1001');
    expect(ddb.commandCalls(QueryCommand)[0].args[0].input).toMatchObject({
      IndexName: 'gsi1',
      ExpressionAttributeValues: { ':pk': gsi1pk },
    });
  });
});

describe('DynamoStore.listProducts', () => {
  it('follows the pages of one partition', async () => {
    // Prepare
    const { products } = decodeStoreJson(storeJson());
    const [first, second] = Object.values(products);
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [first], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolvesOnce({ Items: [second] });

    // Act
    const listed = await store.listProducts();

    // Assess
    expect(listed.map((p) => p.name)).toEqual([first.name, second.name]);
    const calls = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(calls[0].ExpressionAttributeValues).toEqual({
      ':pk': 'T#demo#PRODUCTS',
      ':prefix': 'PRODUCT#',
    });
    expect(calls[1].ExclusiveStartKey).toEqual({ pk: 'x', sk: 'y' });
  });
});

describe('DynamoStore reads', () => {
  it('throws an InvariantError for a malformed stored record', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: { pk: 'p', sk: 'ORDER', items: 3 } });

    // Act
    const read = store.getOrder('#W1000001');

    // Assess
    await expect(read).rejects.toThrow(InvariantError);
  });

  it('lets backend errors through unchanged', async () => {
    // Prepare
    const throttled = Object.assign(new Error('slow down'), {
      name: 'ProvisionedThroughputExceededException',
    });
    ddb.on(GetCommand).rejects(throttled);

    // Act
    const read = store.getUser('ada_quill_1001');

    // Assess
    await expect(read).rejects.toBe(throttled);
  });
});

describe('DynamoStore.putAll', () => {
  it('writes users with their lookups, orders and products', async () => {
    // Prepare
    ddb.on(BatchWriteCommand).resolves({});

    // Act
    const counts = await store.putAll(decodeStoreJson(storeJson()));

    // Assess
    expect(counts).toEqual({ users: 2, orders: 3, products: 2 });
    const items = ddb
      .commandCalls(BatchWriteCommand)
      .flatMap((c) => c.args[0].input.RequestItems?.Store ?? [])
      .map((request) => request.PutRequest?.Item ?? {});
    expect(items).toHaveLength(2 * 2 + 3 + 2);
    expect(items).toContainEqual(
      expect.objectContaining({
        pk: 'T#demo#USER#ben_marlow_2002',
        sk: 'USER',
        gsi1pk: 'T#demo#EMAIL#ben.marlow%40example.com',
        gsi1sk: 'U#ben_marlow_2002',
        email: 'Ben.Marlow@example.com',
      }),
    );
    expect(items).toContainEqual({
      pk: 'T#demo#USER#ben_marlow_2002',
      sk: 'LOOKUP#NAME_ZIP',
      gsi1pk: 'T#demo#NAME_ZIP#55731#ben#marlow',
      gsi1sk: 'U#ben_marlow_2002',
    });
    expect(items).toContainEqual(
      expect.objectContaining({
        pk: 'T#demo#ORDER##W1000001',
        sk: 'ORDER',
        payment_history: [
          {
            transaction_type: 'payment',
            amount: 2028,
            payment_method_id: 'credit_card_1000001',
          },
        ],
      }),
    );
  });
});

describe('DynamoStore conditional puts', () => {
  const { orders, users } = decodeStoreJson(storeJson());

  it.each([
    [
      0,
      'attribute_exists(pk) AND ' +
        '(attribute_not_exists(#revision) OR #revision = :revision)',
    ],
    [4, '#revision = :revision'],
  ])(
    'puts over revision %i with the condition %s',
    async (revision, condition) => {
      // Prepare
      ddb.on(PutCommand).resolves({});

      // Act
      await store.putOrder(orders['#W1000002'], { expectedRevision: revision });

      // Assess
      const [put] = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
      expect(put).toMatchObject({
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#revision': 'revision' },
        ExpressionAttributeValues: { ':revision': revision },
        Item: { pk: 'T#demo#ORDER##W1000002', revision: revision + 1 },
      });
    },
  );

  it('throws RevisionConflictError when the condition fails', async () => {
    // Prepare
    const failed = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
    });
    ddb.on(PutCommand).rejects(failed);

    // Act
    const put = store.putOrder(orders['#W1000002'], { expectedRevision: 0 });

    // Assess
    await expect(put).rejects.toThrow(RevisionConflictError);
  });

  it('writes the user item before its name and zip lookup', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await store.putUser('ada_quill_1001', users.ada_quill_1001, {
      expectedRevision: 0,
    });

    // Assess
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((put) => put.Item?.sk)).toEqual([
      'USER',
      'LOOKUP#NAME_ZIP',
    ]);
    expect(puts[0].ConditionExpression).toBeDefined();
    expect(puts[1].ConditionExpression).toBeUndefined();
  });
});
