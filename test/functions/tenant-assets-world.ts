import { createHash } from 'node:crypto';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import { makeZip } from '../support/zip';
import { lambdaContext } from './workflow-steps/fixtures';

/**
 * The tenant-assets custom resource over a local DynamoDB and mocked S3 and
 * Bedrock: `start`/`stop` around a file, `setUp` before each test, which
 * moves on to a tenant of its own.
 */
type Handler = (event: unknown, context: Context) => Promise<unknown>;

export const s3 = mockClient(S3Client);
export const bedrock = mockClient(BedrockRuntimeClient);
export const BUCKET = 'cdk-hnb659fds-assets-000000000000-us-east-1';
let dynamo: TestDynamo;
let handler: Handler;
let tenant = 0;

/** Starts the local DynamoDB and loads the handler against it. */
export async function start(): Promise<void> {
  dynamo = await startTestDynamo();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  ({ handler } = await import('../../functions/tenant-assets/handler'));
}

export async function stop(): Promise<void> {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await dynamo.close();
}

/** Resets the mocks and moves on to a fresh tenant. */
export function setUp(): void {
  s3.reset();
  bedrock.reset();
  tenant += 1;
}

export const tenantId = () => `t${tenant}`;
export const table = () => ({
  client: dynamo.client,
  tableName: 'Tenants',
  tenantId: tenantId(),
});

/** Uploads `data` as the asset `<hash><extension>`, as the CDK names it. */
export function upload(data: string | Buffer, extension: string) {
  const bytes = Buffer.from(data);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const key = `${hash}${extension}`;
  const Body = {
    transformToByteArray: async () => new Uint8Array(bytes),
  } as unknown as GetObjectCommandOutput['Body'];
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: key }).resolves({ Body });
  return { bucket: BUCKET, key, hash };
}

export function request(
  RequestType: 'Create' | 'Update',
  properties: Record<string, unknown>,
) {
  return {
    RequestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:provider',
    ResponseURL: 'https://cloudformation-custom-resource-response.example',
    StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/Frontline/1',
    RequestId: 'request-1',
    LogicalResourceId: 'TenantAssetsTenantdemo',
    ResourceType: 'Custom::FrontlineTenantAssets',
    ...(RequestType === 'Update'
      ? { PhysicalResourceId: `tenant-assets-${tenantId()}` }
      : {}),
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:provider',
      tenantId: tenantId(),
      ...properties,
    },
  };
}

export const run = (event: unknown) => handler(event, lambdaContext());

export const ARTICLES = {
  'returns.md': [
    '# Returns and refunds',
    '## Refunds',
    'Refunds reach the original payment method within 5 business days.',
  ].join('\n'),
  'guides/shipping.md': [
    '# Shipping',
    'Standard delivery takes 3 to 5 business days.',
  ].join('\n'),
  'faq.json': JSON.stringify([
    {
      id: 'gift-cards',
      title: 'Gift cards',
      content: 'Gift cards never expire.',
      url: 'https://shop.example.com/gift-cards',
    },
  ]),
};

/** Marks a stored META item as written in another format version. */
export async function setStoredVersion(
  sk: string,
  field: string,
  version: number,
) {
  await dynamo.client.send(
    new UpdateCommand({
      TableName: 'Tenants',
      Key: { pk: `T#${tenantId()}`, sk },
      UpdateExpression: 'SET #v = :v',
      ExpressionAttributeNames: { '#v': field },
      ExpressionAttributeValues: { ':v': version },
    }),
  );
}

export const knowledgeZip = (files: Record<string, string> = ARTICLES) =>
  makeZip(Object.entries(files).map(([name, data]) => ({ name, data })));

export function never(): never {
  throw new Error('Nothing was stored');
}
