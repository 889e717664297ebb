import { createHash } from 'node:crypto';
import {
  BedrockRuntimeClient,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ValidationError } from '../../functions/shared/errors';
import { deserializeModel, predict } from '../../functions/shared/intent';
import {
  examplesHash,
  INTENT_SK,
  readIntentArtifact,
  readIntentMeta,
} from '../../functions/shared/intent/artifact-store';
import { INTENT_ARTIFACT_VERSION } from '../../functions/shared/intent/serialize';
import { INDEX_VERSION } from '../../functions/shared/knowledge/index-format';
import { passageAt } from '../../functions/shared/knowledge/passage';
import { openIndex, search } from '../../functions/shared/knowledge/rank';
import {
  KNOWLEDGE_SK,
  readIndexItems,
  readIndexMeta,
} from '../../functions/shared/knowledge/store';
import { readVectorMeta } from '../../functions/shared/knowledge/vector-store';
import { standInEmbedding } from '../../local/bedrock/embedding';
import { SEPARABLE, toCsv } from '../intent/fixtures';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';
import { makeZip } from '../support/zip';
import { lambdaContext } from './workflow-steps/fixtures';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const s3 = mockClient(S3Client);
const bedrock = mockClient(BedrockRuntimeClient);
const BUCKET = 'cdk-hnb659fds-assets-000000000000-us-east-1';
let dynamo: TestDynamo;
let handler: Handler;
let tenant = 0;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  ({ handler } = await import('../../functions/tenant-assets/handler'));
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await dynamo.close();
});

beforeEach(() => {
  s3.reset();
  bedrock.reset();
  tenant += 1;
});

const tenantId = () => `t${tenant}`;
const table = () => ({
  client: dynamo.client,
  tableName: 'Tenants',
  tenantId: tenantId(),
});

/** Uploads `data` as the asset `<hash><extension>`, as the CDK names it. */
function upload(data: string | Buffer, extension: string) {
  const bytes = Buffer.from(data);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const key = `${hash}${extension}`;
  const Body = {
    transformToByteArray: async () => new Uint8Array(bytes),
  } as unknown as GetObjectCommandOutput['Body'];
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: key }).resolves({ Body });
  return { bucket: BUCKET, key, hash };
}

function request(
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

const run = (event: unknown) => handler(event, lambdaContext());

const ARTICLES = {
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
async function setStoredVersion(sk: string, field: string, version: number) {
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

const knowledgeZip = (files: Record<string, string> = ARTICLES) =>
  makeZip(Object.entries(files).map(([name, data]) => ({ name, data })));

describe('tenant assets intents', () => {
  it('trains the classifier from the CSV and stores it', async () => {
    // Prepare
    const intents = upload(toCsv(SEPARABLE), '.csv');

    // Act
    const response = await run(request('Create', { intents }));

    // Assess
    expect(response).toEqual({
      PhysicalResourceId: `tenant-assets-${tenantId()}`,
      Data: { Intents: 'stored', Knowledge: 'none' },
    });
    const meta = await readIntentMeta(table());
    expect(meta).toMatchObject({
      examplesHash: examplesHash(SEPARABLE),
      labels: expect.arrayContaining(['card_arrival', 'change_pin']),
    });
    const model = deserializeModel(
      await readIntentArtifact(table(), meta ?? never()),
    );
    expect(predict(model, 'reset my pin').intent).toBe('change_pin');
  });

  it('skips training when the stored artifact came from the same CSV', async () => {
    // Prepare
    const intents = upload(toCsv(SEPARABLE), '.csv');
    await run(request('Create', { intents }));
    const first = await readIntentMeta(table());

    // Act
    const response = await run(request('Update', { intents }));

    // Assess
    expect(response).toMatchObject({
      Data: { Intents: 'unchanged', Knowledge: 'none' },
    });
    expect(await readIntentMeta(table())).toEqual(first);
  });

  it('trains again when the CSV changes', async () => {
    // Prepare
    await run(request('Create', { intents: upload(toCsv(SEPARABLE), '.csv') }));
    const changed = [
      ...SEPARABLE,
      { text: 'what is the exchange rate', label: 'exchange_rate' },
      { text: 'euro to dollar rate today', label: 'exchange_rate' },
      { text: 'how much is a pound in euros', label: 'exchange_rate' },
    ];

    // Act
    const response = await run(
      request('Update', { intents: upload(toCsv(changed), '.csv') }),
    );

    // Assess
    expect(response).toMatchObject({ Data: { Intents: 'stored' } });
    expect(await readIntentMeta(table())).toMatchObject({
      examplesHash: examplesHash(changed),
      labels: expect.arrayContaining(['exchange_rate']),
    });
  });

  it('trains again when the stored artifact is of another format version', async () => {
    // Prepare
    const intents = upload(toCsv(SEPARABLE), '.csv');
    await run(request('Create', { intents }));
    await setStoredVersion(INTENT_SK.meta, 'artifactVersion', 99);

    // Act
    const response = await run(request('Update', { intents }));

    // Assess
    expect(response).toMatchObject({ Data: { Intents: 'stored' } });
    expect(await readIntentMeta(table())).toMatchObject({
      examplesHash: examplesHash(SEPARABLE),
      artifactVersion: INTENT_ARTIFACT_VERSION,
    });
  });

  it('rejects a CSV without a category column, naming the tenant file', async () => {
    // Prepare
    const intents = upload('text,label\nhello,greeting\n', '.csv');

    // Act
    const act = run(request('Create', { intents }));

    // Assess
    await expect(act).rejects.toThrow(
      `intents.csv of tenant ${tenantId()}: the header must name a ` +
        'category column',
    );
    expect(await readIntentMeta(table())).toBeUndefined();
  });
});

describe('tenant assets knowledge', () => {
  it('ingests the zipped folder into the index retrieve loads', async () => {
    // Prepare
    const knowledge = {
      ...upload(knowledgeZip(), '.zip'),
      baseUrl: 'https://help.example.com/',
    };

    // Act
    const response = await run(request('Create', { knowledge }));

    // Assess
    expect(response).toMatchObject({
      Data: { Intents: 'none', Knowledge: 'stored' },
    });
    const meta = await readIndexMeta(table());
    expect(meta).toMatchObject({ documents: 3, parts: 1 });
    const index = openIndex(await readIndexItems(table(), meta ?? never()));
    const [best] = search(index, 'how long until my refund arrives', {
      limit: 1,
    });
    expect(passageAt(index, best?.chunk ?? -1)).toMatchObject({
      title: 'Returns and refunds',
      url: 'https://help.example.com/returns',
    });
    expect(index.file.documents.map((d) => [d.id, d.url])).toEqual([
      ['gift-cards', 'https://shop.example.com/gift-cards'],
      ['guides/shipping', 'https://help.example.com/guides/shipping'],
      ['returns', 'https://help.example.com/returns'],
    ]);
  });

  it('writes nothing when the folder gives the same index', async () => {
    // Prepare
    const knowledge = upload(knowledgeZip(), '.zip');
    await run(request('Create', { knowledge }));
    const first = await readIndexMeta(table());

    // Act
    const response = await run(request('Update', { knowledge }));

    // Assess
    expect(response).toMatchObject({ Data: { Knowledge: 'unchanged' } });
    expect(await readIndexMeta(table())).toEqual(first);
  });

  it('stores the index again when the stored one is of another version', async () => {
    // Prepare
    const knowledge = upload(knowledgeZip(), '.zip');
    await run(request('Create', { knowledge }));
    await setStoredVersion(KNOWLEDGE_SK.meta, 'version', INDEX_VERSION + 1);

    // Act
    const response = await run(request('Update', { knowledge }));

    // Assess
    expect(response).toMatchObject({ Data: { Knowledge: 'stored' } });
    expect(await readIndexMeta(table())).toMatchObject({
      version: INDEX_VERSION,
      documents: 3,
    });
  });

  it('stores a new index when an article changes', async () => {
    // Prepare
    await run(request('Create', { knowledge: upload(knowledgeZip(), '.zip') }));
    const first = await readIndexMeta(table());
    const edited = knowledgeZip({
      ...ARTICLES,
      'returns.md': '# Returns\nRefunds take 10 business days.',
    });

    // Act
    const response = await run(
      request('Update', { knowledge: upload(edited, '.zip') }),
    );

    // Assess
    expect(response).toMatchObject({ Data: { Knowledge: 'stored' } });
    expect((await readIndexMeta(table()))?.hash).not.toBe(first?.hash);
  });

  it('embeds the passages once for a tenant that ranks with embeddings', async () => {
    // Prepare
    bedrock.on(InvokeModelCommand).callsFake((input: { body: string }) => {
      const { inputText, dimensions } = JSON.parse(input.body);
      const embedding = [...standInEmbedding(inputText, dimensions)];
      return { body: new TextEncoder().encode(JSON.stringify({ embedding })) };
    });
    const knowledge = {
      ...upload(knowledgeZip(), '.zip'),
      // As CloudFormation passes it: every value as text.
      embeddings: {
        modelId: 'amazon.titan-embed-text-v2:0',
        dimensions: '256',
      },
    };

    // Act
    const created = await run(request('Create', { knowledge }));
    const calls = bedrock.commandCalls(InvokeModelCommand).length;
    const repeated = await run(request('Update', { knowledge }));

    // Assess
    expect(created).toMatchObject({ Data: { Knowledge: 'stored' } });
    expect(repeated).toMatchObject({ Data: { Knowledge: 'unchanged' } });
    const index = await readIndexMeta(table());
    expect(await readVectorMeta(table())).toMatchObject({
      indexHash: index?.hash,
      modelId: 'amazon.titan-embed-text-v2:0',
      dimensions: 256,
    });
    expect(calls).toBeGreaterThan(0);
    expect(bedrock.commandCalls(InvokeModelCommand)).toHaveLength(calls);
  });

  it('trains and ingests in one request', async () => {
    // Prepare
    const properties = {
      intents: upload(toCsv(SEPARABLE), '.csv'),
      knowledge: upload(knowledgeZip(), '.zip'),
    };

    // Act
    const response = await run(request('Create', properties));

    // Assess
    expect(response).toMatchObject({
      Data: { Intents: 'stored', Knowledge: 'stored' },
    });
  });
});

describe('tenant assets requests', () => {
  it('leaves the stored artifacts in place on Delete', async () => {
    // Prepare
    const intents = upload(toCsv(SEPARABLE), '.csv');
    await run(request('Create', { intents }));
    s3.reset();

    // Act
    const response = await run({
      RequestType: 'Delete',
      PhysicalResourceId: `tenant-assets-${tenantId()}`,
      ResourceProperties: {},
    });

    // Assess
    expect(response).toEqual({
      PhysicalResourceId: `tenant-assets-${tenantId()}`,
    });
    expect(s3.calls()).toHaveLength(0);
    expect(await readIntentMeta(table())).toBeDefined();
  });

  const asset = {
    bucket: BUCKET,
    key: `${'a'.repeat(64)}.csv`,
    hash: 'a'.repeat(64),
  };

  it.each([
    [
      'no tenant id',
      { tenantId: undefined, intents: asset },
      'tenantId: Invalid input',
    ],
    [
      'a bad tenant id',
      { tenantId: 'Demo_1', intents: asset },
      'tenantId: tenantId must be 1-24 lower-case letters',
    ],
    ['no asset', {}, 'name an intents or a knowledge asset'],
    [
      'a bad hash',
      { intents: { ...asset, hash: 'abc' } },
      'intents.hash: must be a lower-case hex SHA-256',
    ],
    [
      'a bad bucket',
      { intents: { ...asset, bucket: 'No Bucket' } },
      'intents.bucket: must be an S3 bucket name',
    ],
    [
      'a bad base url',
      { knowledge: { ...asset, baseUrl: 'help centre' } },
      'knowledge.baseUrl: Invalid URL',
    ],
  ])('rejects properties with %s', async (_case, properties, message) => {
    // Act
    const act = run(request('Create', properties));

    // Assess
    await expect(act).rejects.toThrow(ValidationError);
    await expect(act).rejects.toThrow(
      `Invalid tenant assets properties: ${message}`,
    );
    expect(s3.calls()).toHaveLength(0);
  });

  it.each([
    ['an unknown request type', { RequestType: 'Replace' }],
    ['an update without a physical id', { RequestType: 'Update' }],
  ])('rejects %s', async (_case, event) => {
    // Act
    const act = run({ ResourceProperties: {}, ...event });

    // Assess
    await expect(act).rejects.toThrow(/^Invalid custom resource request: /);
  });
});

function never(): never {
  throw new Error('Nothing was stored');
}
