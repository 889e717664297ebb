import {
  DecryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { InvariantError, TransientError } from '../../functions/shared/errors';
import { conversationPk, SK } from '../../functions/shared/keys';
import {
  openVault,
  withConversationVault,
} from '../../functions/shared/pii/conversation-vault';
import { clearDataKeyCache } from '../../functions/shared/pii/data-keys';
import { FakeTables } from '../functions/workflow-steps/fake-tables';
import { fakeKms } from '../support/kms';

const ddb = mockClient(DynamoDBDocumentClient);
const kms = mockClient(KMSClient);
let tables: FakeTables;
const KEY_ID = process.env.PII_KEY_ID;

const REF = { tenantId: 'acme', conversationId: 'conv-1' };
const OTHER = { tenantId: 'acme', conversationId: 'conv-2' };
const CARD = '4111 1111 1111 1111';
const OTHER_CARD = '5500-0000-0000-0004';
const EMAIL = 'maya.lindqvist@example.com';
const PK = conversationPk(REF.tenantId, REF.conversationId);

const storedItem = (pk = PK) =>
  tables.get('Conversations', pk, SK.piiVault) as Record<string, unknown>;

beforeEach(() => {
  ddb.reset();
  kms.reset();
  clearDataKeyCache();
  tables = new FakeTables(ddb);
  fakeKms(kms);
});

afterEach(() => {
  jest.restoreAllMocks();
  process.env.PII_KEY_ID = KEY_ID;
});

describe('openVault and save', () => {
  it('keeps placeholders and values across loads', async () => {
    // Prepare
    const first = await openVault(REF);
    const text = first.redactText(`Card ${CARD}, mail ${EMAIL}`);
    await first.save();
    clearDataKeyCache();

    // Act
    const second = await openVault(REF);

    // Assess
    expect(text).toBe('Card [CARD_1], mail [EMAIL_1]');
    expect(second.redactText(`again ${EMAIL}`)).toBe('again [EMAIL_1]');
    expect(second.reidentifyInput({ email: '[EMAIL_1]' })).toEqual({
      email: EMAIL,
    });
    expect(storedItem()).toMatchObject({ version: 1, entries: 2 });
  });

  it('binds the data key to the conversation in KMS calls', async () => {
    // Prepare
    const vault = await openVault(REF);
    vault.redactText(CARD);
    await vault.save();
    clearDataKeyCache();

    // Act
    await openVault(REF);

    // Assess
    const context = { tenantId: 'acme', conversationId: 'conv-1' };
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toEqual({
      KeyId: process.env.PII_KEY_ID,
      KeySpec: 'AES_256',
      EncryptionContext: context,
    });
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input).toMatchObject({
      KeyId: process.env.PII_KEY_ID,
      EncryptionContext: context,
    });
  });

  it('stores ciphertext and an encrypted key, never a value', async () => {
    // Prepare
    const vault = await openVault(REF);
    vault.redactText(`Card ${CARD}, mail ${EMAIL}, call +46 70 123 45 67`);

    // Act
    await vault.save();

    // Assess
    const item = storedItem();
    const asText = [
      JSON.stringify(item),
      ...Object.values(item)
        .filter((v): v is Uint8Array => v instanceof Uint8Array)
        .flatMap((v) => [
          Buffer.from(v).toString('utf8'),
          Buffer.from(v).toString('latin1'),
        ]),
    ].join('\n');
    for (const value of [CARD, '4111111111111111', EMAIL, '70 123 45 67']) {
      expect(asText).not.toContain(value);
    }
    expect(item).toEqual({
      pk: PK,
      sk: 'PII',
      version: 1,
      entries: 3,
      encryptedKey: expect.any(Uint8Array),
      iv: expect.any(Uint8Array),
      ciphertext: expect.any(Uint8Array),
      updatedAt: expect.any(String),
      expiresAt: expect.any(Number),
    });
  });

  it('writes nothing and calls no KMS when nothing was added', async () => {
    // Prepare
    const vault = await openVault(REF);
    vault.redactText('Where is order #W3308846?');

    // Act
    await vault.save();

    // Assess
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(kms.calls()).toHaveLength(0);
  });

  it('decrypts a data key once per conversation for a few minutes', async () => {
    // Prepare
    const vault = await openVault(REF);
    vault.redactText(CARD);
    await vault.save();
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now');

    // Act
    clock.mockReturnValue(now + 60_000);
    await openVault(REF);
    await openVault(REF);
    clock.mockReturnValue(now + 10 * 60_000);
    await openVault(REF);

    // Assess
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(1);
  });

  it('throws when another conversation stored this vault item', async () => {
    // Prepare
    const vault = await openVault(REF);
    vault.redactText(CARD);
    await vault.save();
    const pk = conversationPk(OTHER.tenantId, OTHER.conversationId);
    tables.put('Conversations', { ...storedItem(), pk });
    clearDataKeyCache();

    // Act
    const opened = openVault(OTHER);

    // Assess
    await expect(opened).rejects.toThrow(InvariantError);
  });

  it('throws when the ciphertext was changed', async () => {
    // Prepare
    const vault = await openVault(REF);
    vault.redactText(CARD);
    await vault.save();
    const item = storedItem();
    const ciphertext = Buffer.from(item.ciphertext as Uint8Array);
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    tables.put('Conversations', { ...item, ciphertext });

    // Act
    const opened = openVault(REF);

    // Assess
    await expect(opened).rejects.toThrow('Sealed data failed authentication');
  });

  it('fails closed when PII_KEY_ID is not set', async () => {
    // Prepare
    delete process.env.PII_KEY_ID;

    // Act
    const opened = openVault(REF);

    // Assess
    await expect(opened).rejects.toThrow(
      /PII_KEY_ID is not set: .* personal data cannot be redacted/,
    );
    expect(ddb.calls()).toHaveLength(0);
  });

  it('turns KMS throttling into a TransientError', async () => {
    // Prepare
    kms.on(GenerateDataKeyCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const vault = await openVault(REF);
    vault.redactText(CARD);

    // Act
    const saved = vault.save();

    // Assess
    await expect(saved).rejects.toThrow(TransientError);
  });
});

describe('concurrent saves', () => {
  it('merges additions of different types from two writers', async () => {
    // Prepare
    const one = await openVault(REF);
    const two = await openVault(REF);
    const first = one.redactText(CARD);
    const second = two.redactText(EMAIL);

    // Act
    await one.save();
    await two.save();

    // Assess
    const merged = await openVault(REF);
    expect([first, second]).toEqual(['[CARD_1]', '[EMAIL_1]']);
    expect(merged.reidentifyInput([first, second])).toEqual([CARD, EMAIL]);
    expect(storedItem()).toMatchObject({ version: 2, entries: 2 });
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(2);
  });

  it('accepts the same value added by both writers', async () => {
    // Prepare
    const one = await openVault(REF);
    const two = await openVault(REF);
    one.redactText(CARD);
    two.redactText(CARD.replace(/ /g, ''));
    await one.save();

    // Act
    const saved = await two.trySave();

    // Assess
    expect(saved).toBe(true);
    expect(storedItem()).toMatchObject({ version: 1, entries: 1 });
  });

  it('refuses a save whose placeholder another value took', async () => {
    // Prepare
    const one = await openVault(REF);
    const two = await openVault(REF);
    one.redactText(CARD);
    two.redactText(OTHER_CARD);
    await one.save();

    // Act
    const saved = await two.trySave();

    // Assess
    expect(saved).toBe(false);
    await expect(two.save()).rejects.toThrow(TransientError);
    const stored = await openVault(REF);
    expect(stored.reidentifyInput('[CARD_1] [CARD_2]')).toBe(
      `${CARD} [CARD_2]`,
    );
  });

  it('redoes the work on the stored vault after a clash', async () => {
    // Prepare
    let runs = 0;
    const work = async (vault: Awaited<ReturnType<typeof openVault>>) => {
      runs += 1;
      if (runs === 1) {
        const rival = await openVault(REF);
        rival.redactText(CARD);
        await rival.save();
      }
      return vault.redactText(`pay with ${OTHER_CARD}`);
    };

    // Act
    const text = await withConversationVault(REF, work);

    // Assess
    expect(runs).toBe(2);
    expect(text).toBe('pay with [CARD_2]');
    const stored = await openVault(REF);
    expect(stored.reidentifyInput(text)).toBe(`pay with ${OTHER_CARD}`);
  });
});

describe('values for tools and people', () => {
  it('redacts every string of a JSON value, keys left as they are', async () => {
    // Prepare
    const vault = await openVault(REF);

    // Act
    const redacted = vault.redactJson({
      email: EMAIL,
      nested: [{ card: CARD, count: 4111111111111111 }],
      note: null,
    });

    // Assess
    expect(redacted).toEqual({
      email: '[EMAIL_1]',
      nested: [{ card: '[CARD_1]', count: 4111111111111111 }],
      note: null,
    });
  });

  it('reidentifies only the allowed types in a tool input', async () => {
    // Prepare
    const vault = await openVault(REF);
    const input = vault.redactJson({ email: EMAIL, note: `card ${CARD}` });

    // Act
    const restored = vault.reidentifyInput(input, ['EMAIL']);

    // Assess
    expect(restored).toEqual({ email: EMAIL, note: 'card [CARD_1]' });
    expect(input).toEqual({ email: '[EMAIL_1]', note: 'card [CARD_1]' });
  });
});
