import { TABLES } from '../../schemas/tables';
import { dynamo } from '../shared/clients/dynamo';
import { requireEnv } from '../shared/env';
import type { StoreAdapter } from '../shared/store/adapter';
import { DynamoStore } from '../shared/store/dynamo';

/** The tenant's store on the Store table, through the function's client. */
export function dynamoStoreFor(tenantId: string): StoreAdapter {
  return new DynamoStore({
    client: dynamo,
    tableName: requireEnv(TABLES.store.envVar),
    tenantId,
  });
}
