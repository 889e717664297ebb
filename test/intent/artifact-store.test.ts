import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../../functions/shared/errors';
import {
  examplesHash,
  INTENT_SK,
  isReadableArtifact,
  readIntentArtifact,
  readIntentMeta,
  storedArtifactVersion,
  storeTrainedIntents,
  writeIntentArtifact,
} from '../../functions/shared/intent/artifact-store';
import { INTENT_ARTIFACT_VERSION } from '../../functions/shared/intent/serialize';
import { startTestDynamo, type TestDynamo } from '../store/dynalite';

let dynamo: TestDynamo;
let tenant = 0;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});

afterAll(async () => {
  await dynamo.close();
});

/** A fresh tenant per test, so tests share the table without meeting. */
function table() {
  tenant += 1;
  return {
    client: dynamo.client,
    tableName: 'Tenants',
    tenantId: `t${tenant}`,
  };
}

/** Bytes that do not repeat, `size` long. */
function bytes(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 7919) % 251);
}

const ABOUT = { labels: ['a', 'b'], examplesHash: 'f'.repeat(64) };

const EXAMPLES = [
  { text: 'where is my parcel', label: 'order_status' },
  { text: 'has my order shipped', label: 'order_status' },
  { text: 'track my delivery', label: 'order_status' },
  { text: 'I want a refund', label: 'return_request' },
  { text: 'how do I send this back', label: 'return_request' },
  { text: 'return my boots', label: 'return_request' },
];

describe('intent artifact store', () => {
  it.each([
    [1_000, 1],
    [350 * 1024, 1],
    [800_000, 3],
  ])('stores %i bytes in %i parts and reads them back', async (size, parts) => {
    // Prepare
    const t = table();
    const artifact = bytes(size);

    // Act
    const written = await writeIntentArtifact(t, artifact, ABOUT);
    const meta = await readIntentMeta(t);
    const read = await readIntentArtifact(t, meta as NonNullable<typeof meta>);

    // Assess
    expect(meta).toEqual(written);
    expect(meta).toMatchObject({ parts, bytes: size, ...ABOUT });
    expect(Buffer.from(read).equals(Buffer.from(artifact))).toBe(true);
  });

  it('removes the parts a larger artifact left behind', async () => {
    // Prepare
    const t = table();
    await writeIntentArtifact(t, bytes(800_000), ABOUT);

    // Act
    const meta = await writeIntentArtifact(t, bytes(10), ABOUT);

    // Assess
    const { Item } = await dynamo.client.send(
      new GetCommand({
        TableName: 'Tenants',
        Key: { pk: `T#${t.tenantId}`, sk: INTENT_SK.part(2) },
      }),
    );
    expect(meta.parts).toBe(1);
    expect(Item).toBeUndefined();
  });

  it('throws a TransientError when a part belongs to another artifact', async () => {
    // Prepare
    const t = table();
    const meta = await writeIntentArtifact(t, bytes(1_000), ABOUT);
    await dynamo.client.send(
      new PutCommand({
        TableName: 'Tenants',
        Item: {
          pk: `T#${t.tenantId}`,
          sk: INTENT_SK.part(1),
          hash: '0'.repeat(64),
          data: bytes(1_000),
        },
      }),
    );

    // Act
    const read = readIntentArtifact(t, meta);

    // Assess
    await expect(read).rejects.toBeInstanceOf(TransientError);
  });

  it('returns undefined for a tenant without an artifact', async () => {
    // Act
    const meta = await readIntentMeta(table());

    // Assess
    expect(meta).toBeUndefined();
  });

  it('trains once and keeps the artifact while the examples are unchanged', async () => {
    // Prepare
    const t = table();
    const first = new Date('2026-01-01T00:00:00Z');

    // Act
    const trained = await storeTrainedIntents(t, EXAMPLES, first);
    const again = await storeTrainedIntents(t, [...EXAMPLES].reverse());

    // Assess
    expect(trained.trained).toBe(true);
    expect(trained.meta).toMatchObject({
      labels: ['order_status', 'return_request'],
      examplesHash: examplesHash(EXAMPLES),
      trainedAt: first.toISOString(),
    });
    expect(again).toEqual({ trained: false, meta: trained.meta });
  });

  it('records the format version of the artifact in its META item', async () => {
    // Act
    const { meta } = await storeTrainedIntents(table(), EXAMPLES);

    // Assess
    expect(meta.artifactVersion).toBe(INTENT_ARTIFACT_VERSION);
  });

  it('trains again when the stored artifact is of another format version', async () => {
    // Prepare
    const t = table();
    const { meta } = await storeTrainedIntents(t, EXAMPLES);
    await dynamo.client.send(
      new PutCommand({
        TableName: 'Tenants',
        Item: {
          pk: `T#${t.tenantId}`,
          sk: INTENT_SK.meta,
          ...meta,
          artifactVersion: INTENT_ARTIFACT_VERSION + 1,
        },
      }),
    );

    // Act
    const again = await storeTrainedIntents(t, EXAMPLES);

    // Assess
    expect(again.trained).toBe(true);
    expect(await readIntentMeta(t)).toMatchObject({
      examplesHash: examplesHash(EXAMPLES),
      artifactVersion: INTENT_ARTIFACT_VERSION,
    });
  });
});

describe('storedArtifactVersion', () => {
  const meta = {
    sha256: 'a'.repeat(64),
    parts: 1,
    bytes: 10,
    ...ABOUT,
    trainedAt: '2026-01-01T00:00:00.000Z',
  };

  it.each([
    ['a recorded version', { ...meta, artifactVersion: 3 }, 3],
    ['no recorded version as version 1', meta, 1],
  ])('reads %s', (_, item, version) => {
    // Act
    const stored = storedArtifactVersion(item);

    // Assess
    expect(stored).toBe(version);
  });

  it('counts only the version this code writes as readable', () => {
    // Prepare
    const current = { ...meta, artifactVersion: INTENT_ARTIFACT_VERSION };
    const newer = { ...meta, artifactVersion: INTENT_ARTIFACT_VERSION + 1 };

    // Act
    const readable = [current, newer].map(isReadableArtifact);

    // Assess
    expect(readable).toEqual([true, false]);
  });
});
