import { createHash } from 'node:crypto';
import {
  BedrockRuntimeClient,
  ConverseCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  readLabelledCsv,
  serializeModel,
  train,
} from '../../functions/shared/intent';
import { INTENT_SK } from '../../functions/shared/intent/artifact-store';
import { INTENT_ARTIFACT_VERSION } from '../../functions/shared/intent/serialize';
import { logger } from '../../functions/shared/observability';
import { clearTenantCache } from '../../functions/shared/tenants';
import { clearIntentModelCache } from '../../functions/understand/intent-model';
import { understandMessages } from '../../functions/understand/understand';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  message,
  TENANT,
  TENANTS,
  tenantConfig,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const bedrock = mockClient(BedrockRuntimeClient);
let tables: FakeTables;

const trained = serializeModel(
  train(readLabelledCsv('tenants/demo/intents.csv')),
);

/** The artifact with another format version in its header. */
function withVersion(bytes: Uint8Array, version: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(4, version, true);
  return copy;
}

/** Stores `artifact` with a META item that records `artifactVersion`. */
function storeArtifact(artifact: Uint8Array, artifactVersion?: number) {
  const sha256 = createHash('sha256').update(artifact).digest('hex');
  const pk = `T#${TENANT}`;
  tables.put(TENANTS, {
    pk,
    sk: INTENT_SK.part(1),
    hash: sha256,
    data: artifact,
  });
  tables.put(TENANTS, {
    pk,
    sk: INTENT_SK.meta,
    sha256,
    parts: 1,
    bytes: artifact.length,
    labels: ['a', 'b'],
    examplesHash: 'e'.repeat(64),
    ...(artifactVersion ? { artifactVersion } : {}),
    trainedAt: '2026-01-01T00:00:00.000Z',
  });
}

const understandText = (text: string) =>
  understandMessages(
    [message(3, 'customer', text)],
    [],
    tenantConfig({
      tools: { enabled: ['get_order_details'] },
      intents: { routes: { order_status: 'tool' } },
    }),
  );

beforeEach(() => {
  ddb.reset();
  bedrock.reset();
  clearIntentModelCache();
  clearTenantCache();
  tables = new FakeTables(ddb);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('understand with a classifier of another format version', () => {
  it.each([
    [
      'its META item',
      () => storeArtifact(trained, INTENT_ARTIFACT_VERSION + 1),
      INTENT_ARTIFACT_VERSION + 1,
    ],
    [
      'the artifact’s header',
      () => storeArtifact(withVersion(trained, 9), INTENT_ARTIFACT_VERSION),
      9,
    ],
  ])(
    'classifies by rules with a warning when %s says so',
    async (_, store, version) => {
      // Prepare
      store();
      const warn = jest.spyOn(logger, 'warn');

      // Act
      const understanding = await understandText('Where is my order?');

      // Assess
      expect(understanding).toMatchObject({
        intent: 'order_lookup',
        route: 'tool',
      });
      expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/^Ignored an intent classifier of another/),
        {
          artifact_version: version,
          expected_version: INTENT_ARTIFACT_VERSION,
        },
      );
    },
  );

  it('uses an artifact of the version this code reads', async () => {
    // Prepare
    storeArtifact(trained, INTENT_ARTIFACT_VERSION);

    // Act
    const understanding = await understandText('Has my parcel shipped yet?');

    // Assess
    expect(understanding).toMatchObject({
      intent: 'order_status',
      route: 'tool',
    });
  });
});
