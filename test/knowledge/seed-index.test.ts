import { passageAt } from '../../functions/shared/knowledge/passage';
import { openIndex, search } from '../../functions/shared/knowledge/rank';
import {
  readIndexItems,
  readIndexMeta,
} from '../../functions/shared/knowledge/store';
import { seedTenant } from '../../local/seed';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';

let dynamo: TestDynamo;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});

afterAll(async () => {
  await dynamo.close();
});

describe('seedTenant', () => {
  it('stores the demo articles’ index, with their help-centre urls', async () => {
    // Prepare
    await seedTenant(dynamo.client, { tenants: 'Tenants', store: 'Store' });
    const table = {
      client: dynamo.client,
      tableName: 'Tenants',
      tenantId: 'demo',
    };

    // Act
    const meta = await readIndexMeta(table);
    const index = openIndex(await readIndexItems(table, meta ?? never()));

    // Assess
    expect(meta).toMatchObject({ documents: 10, parts: 1 });
    const [best] = search(
      index,
      'How many business days until a refund reaches my credit card?',
      { limit: 1 },
    );
    expect(passageAt(index, best?.chunk ?? -1)).toMatchObject({
      id: 'returns-and-refunds#3',
      title: 'Returns and refunds',
      url: 'https://help.example.com/returns-and-refunds',
    });
  });
});

function never(): never {
  throw new Error('The seed stored no index');
}
