import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GenerateDataKeyCommand,
  GenerateMacCommand,
  KMSClient,
  type MacAlgorithmSpec,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { LOCAL_CUSTOMER_REF_ALIAS } from '../../../local/kms/mac-key';
import { type KmsApi, startKmsApi } from '../../../local/kms/server';

const MESSAGE = Buffer.from(JSON.stringify(['acme', '+447700900123']));

describe('the local KMS HMAC key', () => {
  let dir: string;
  let api: KmsApi;
  let client: KMSClient;

  const start = async () => {
    api = await startKmsApi({
      keyFile: join(dir, 'kms-key.json'),
      macKeyFile: join(dir, 'kms-mac-key.json'),
    });
    client = new KMSClient({ endpoint: api.url, region: 'us-east-1' });
  };

  const stop = async () => {
    client.destroy();
    await api.close();
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-kms-mac-'));
    await start();
  });

  afterEach(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const generate = (
    message: Uint8Array = MESSAGE,
    keyId = api.macKeyArn,
    algorithm: MacAlgorithmSpec = 'HMAC_SHA_256',
  ) =>
    client.send(
      new GenerateMacCommand({
        KeyId: keyId,
        Message: message,
        MacAlgorithm: algorithm,
      }),
    );

  it('makes the same HMAC-SHA-256 of the same message every time', async () => {
    // Act
    const first = await generate();
    const again = await generate();
    const other = await generate(Buffer.from('another message'));

    // Assess
    expect(first).toMatchObject({
      KeyId: api.macKeyArn,
      MacAlgorithm: 'HMAC_SHA_256',
    });
    expect(first.Mac).toHaveLength(32);
    expect(again.Mac).toEqual(first.Mac);
    expect(other.Mac).not.toEqual(first.Mac);
    expect(api.macKeyArn).not.toBe(api.keyArn);
  });

  it('verifies its own MAC and refuses a changed one', async () => {
    // Prepare
    const { Mac } = await generate();
    const changed = Buffer.from(Mac ?? []);
    changed[0] = (changed[0] ?? 0) ^ 1;
    const verify = (mac: Uint8Array) =>
      client.send(
        new VerifyMacCommand({
          KeyId: api.macKeyArn,
          Message: MESSAGE,
          Mac: mac,
          MacAlgorithm: 'HMAC_SHA_256',
        }),
      );

    // Act
    const valid = await verify(Mac ?? new Uint8Array());
    const invalid = verify(changed);

    // Assess
    expect(valid).toMatchObject({ KeyId: api.macKeyArn, MacValid: true });
    await expect(invalid).rejects.toMatchObject({
      name: 'KMSInvalidMacException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([
    ['its alias', LOCAL_CUSTOMER_REF_ALIAS],
    [
      'its alias ARN',
      'arn:aws:kms:us-east-1:000000000000:alias/frontline-customer-ref',
    ],
  ])('accepts the key by %s', async (_case, keyId) => {
    // Act
    const generated = await generate(MESSAGE, keyId);

    // Assess
    expect(generated.KeyId).toBe(api.macKeyArn);
  });

  it.each([
    ['GenerateMac with the symmetric key', () => generate(MESSAGE, api.keyArn)],
    [
      'GenerateMac with another algorithm',
      () => generate(MESSAGE, api.macKeyArn, 'HMAC_SHA_512'),
    ],
    [
      'GenerateDataKey with the HMAC key',
      () =>
        client.send(
          new GenerateDataKeyCommand({
            KeyId: api.macKeyArn,
            KeySpec: 'AES_256',
          }),
        ),
    ],
  ])('answers %s with InvalidKeyUsageException', async (_case, call) => {
    // Act
    const answer = call();

    // Assess
    await expect(answer).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
    });
  });

  it.each([
    ['an unknown key', () => generate(MESSAGE, 'alias/nobody')],
    ['an empty message', () => generate(new Uint8Array())],
    ['a message over 4096 bytes', () => generate(Buffer.alloc(4097, 1))],
  ])('refuses %s', async (_case, call) => {
    // Act
    const answer = call();

    // Assess
    await expect(answer).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('keeps its key across restarts in an owner-only file', async () => {
    // Prepare
    const { Mac } = await generate();
    const arn = api.macKeyArn;
    await stop();

    // Act
    await start();
    const again = await generate();

    // Assess
    expect(api.macKeyArn).toBe(arn);
    expect(again.Mac).toEqual(Mac);
    expect(statSync(join(dir, 'kms-mac-key.json')).mode & 0o777).toBe(0o600);
  });

  it('makes a new key per process without a key file', async () => {
    // Prepare
    const memory = await startKmsApi();
    const other = new KMSClient({ endpoint: memory.url, region: 'us-east-1' });
    const { Mac } = await generate();

    // Act
    const elsewhere = await other.send(
      new GenerateMacCommand({
        KeyId: memory.macKeyArn,
        Message: MESSAGE,
        MacAlgorithm: 'HMAC_SHA_256',
      }),
    );

    // Assess
    expect(elsewhere.Mac).not.toEqual(Mac);
    expect(memory.macKeyArn).not.toBe(api.macKeyArn);
    other.destroy();
    await memory.close();
  });
});
