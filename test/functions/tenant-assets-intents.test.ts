import { deserializeModel, predict } from '../../functions/shared/intent';
import {
  examplesHash,
  INTENT_SK,
  readIntentArtifact,
  readIntentMeta,
} from '../../functions/shared/intent/artifact-store';
import { INTENT_ARTIFACT_VERSION } from '../../functions/shared/intent/serialize';
import { SEPARABLE, toCsv } from '../intent/fixtures';
import {
  never,
  request,
  run,
  setStoredVersion,
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
