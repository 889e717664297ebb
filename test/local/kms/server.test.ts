import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import { LOCAL_PII_ALIAS } from '../../../local/kms/keyring';
import { type KmsApi, startKmsApi } from '../../../local/kms/server';

const CONTEXT = { tenantId: 'acme', conversationId: 'conv-1' };

describe('startKmsApi', () => {
  let dir: string;
  let api: KmsApi;
  let client: KMSClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-kms-'));
    api = await startKmsApi({ keyFile: join(dir, 'kms-key.json') });
    client = new KMSClient({ endpoint: api.url, region: 'us-east-1' });
  });

  afterEach(async () => {
    client.destroy();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const generate = (keyId = api.keyArn, context = CONTEXT) =>
    client.send(
      new GenerateDataKeyCommand({
        KeyId: keyId,
        KeySpec: 'AES_256',
        EncryptionContext: context,
      }),
    );

  it('generates a data key that decrypts under the same context', async () => {
    // Act
    const generated = await generate();
    const decrypted = await client.send(
      new DecryptCommand({
        CiphertextBlob: generated.CiphertextBlob,
        EncryptionContext: CONTEXT,
      }),
    );

    // Assess
    expect(generated.KeyId).toBe(api.keyArn);
    expect(generated.Plaintext).toHaveLength(32);
    expect(generated.CiphertextBlob?.length).toBeGreaterThan(32);
    expect(Buffer.from(generated.CiphertextBlob ?? [])).not.toContain(
      Buffer.from(generated.Plaintext ?? []),
    );
    expect(decrypted.Plaintext).toEqual(generated.Plaintext);
    expect(decrypted.KeyId).toBe(api.keyArn);
  });

  it.each([
    ['another conversation', { ...CONTEXT, conversationId: 'conv-2' }],
    ['no context', {}],
    ['an extra pair', { ...CONTEXT, purpose: 'x' }],
  ])('refuses to decrypt under %s', async (_case, context) => {
    // Prepare
    const { CiphertextBlob } = await generate();

    // Act
    const decrypted = client.send(
      new DecryptCommand({ CiphertextBlob, EncryptionContext: context }),
    );

    // Assess
    await expect(decrypted).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([
    ['its alias', LOCAL_PII_ALIAS],
    ['its alias ARN', 'arn:aws:kms:us-east-1:000000000000:alias/frontline-pii'],
  ])('accepts the key by %s', async (_case, keyId) => {
    // Act
    const generated = await generate(keyId);

    // Assess
    expect(generated.KeyId).toBe(api.keyArn);
  });

  it('answers an unknown key with NotFoundException', async () => {
    // Act
    const generated = generate('alias/nobody');

    // Assess
    await expect(generated).rejects.toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('answers other operations with UnknownOperationException', async () => {
    // Act
    const encrypted = client.send(
      new EncryptCommand({ KeyId: api.keyArn, Plaintext: Buffer.from('x') }),
    );

    // Assess
    await expect(encrypted).rejects.toMatchObject({
      name: 'UnknownOperationException',
    });
  });

  it('keeps its key across restarts in an owner-only file', async () => {
    // Prepare
    const { CiphertextBlob } = await generate();
    const arn = api.keyArn;
    client.destroy();
    await api.close();

    // Act
    api = await startKmsApi({ keyFile: join(dir, 'kms-key.json') });
    client = new KMSClient({ endpoint: api.url, region: 'us-east-1' });
    const decrypted = await client.send(
      new DecryptCommand({ CiphertextBlob, EncryptionContext: CONTEXT }),
    );

    // Assess
    expect(api.keyArn).toBe(arn);
    expect(decrypted.Plaintext).toHaveLength(32);
    expect(statSync(join(dir, 'kms-key.json')).mode & 0o777).toBe(0o600);
  });

  it('makes a new key per process without a key file', async () => {
    // Prepare
    const memory = await startKmsApi();
    const other = new KMSClient({ endpoint: memory.url, region: 'us-east-1' });
    const { CiphertextBlob } = await generate();

    // Act
    const decrypted = other.send(
      new DecryptCommand({ CiphertextBlob, EncryptionContext: CONTEXT }),
    );

    // Assess
    await expect(decrypted).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
    expect(memory.keyArn).not.toBe(api.keyArn);
    other.destroy();
    await memory.close();
  });
});
