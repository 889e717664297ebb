import { ValidationError } from '../../functions/shared/errors';
import { readIntentMeta } from '../../functions/shared/intent/artifact-store';
import { SEPARABLE, toCsv } from '../intent/fixtures';
import {
  BUCKET,
  request,
  run,
  s3,
  setUp,
  start,
  stop,
  table,
  tenantId,
  upload,
} from './tenant-assets-world';

beforeAll(start);
afterAll(stop);
beforeEach(setUp);

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
