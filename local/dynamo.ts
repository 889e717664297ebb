import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { TABLES, type TableSpec } from '../schemas/tables';

export interface LocalDynamo {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite on loopback; with `path`, tables live on disk there and
 * survive restarts. Tables are ACTIVE at once (`createTableMs: 0`).
 */
export async function startDynamo(
  options: { path?: string; port?: number; host?: string } = {},
): Promise<LocalDynamo> {
  const { path, port = 0, host = '127.0.0.1' } = options;
  if (path) mkdirSync(path, { recursive: true });
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    ...(path ? { path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // The SDK keeps its sockets alive, and close only drops the connections
  // idle at that moment: one busy then would hold the close until its
  // keep-alive timeout. It is dropped once its response is sent instead,
  // so every request dynalite began still completes.
  let closing = false;
  server.on(
    'request',
    (_request: IncomingMessage, response: ServerResponse) => {
      response.on('finish', () => {
        if (closing) setImmediate(() => server.closeIdleConnections());
      });
    },
  );
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Creates every table of `schemas/tables.ts` that does not exist yet, named
 * by its logical name. TTL is not set: dynalite has no UpdateTimeToLive, and
 * nothing local depends on expiry.
 */
export async function ensureTables(client: DynamoDBClient): Promise<string[]> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  const missing = Object.values(TABLES).filter(
    (spec) => !TableNames.includes(spec.name),
  );
  for (const spec of missing) {
    await client.send(new CreateTableCommand(createTableInput(spec)));
  }
  return missing.map((spec) => spec.name);
}

function createTableInput(spec: TableSpec) {
  const keys = [spec.partitionKey, spec.sortKey].filter(
    (k): k is string => k !== undefined,
  );
  const indexKeys = spec.globalIndexes.flatMap((g) => [
    g.partitionKey,
    g.sortKey,
  ]);
  return {
    TableName: spec.name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...new Set([...keys, ...indexKeys])].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: spec.partitionKey, KeyType: 'HASH' as const },
      ...(spec.sortKey
        ? [{ AttributeName: spec.sortKey, KeyType: 'RANGE' as const }]
        : []),
    ],
    ...(spec.globalIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: spec.globalIndexes.map((g) => ({
            IndexName: g.name,
            KeySchema: [
              { AttributeName: g.partitionKey, KeyType: 'HASH' as const },
              { AttributeName: g.sortKey, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}
