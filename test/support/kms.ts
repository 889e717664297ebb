import {
  DecryptCommand,
  GenerateDataKeyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { KmsError, LocalKeyring } from '../../local/kms/keyring';

/**
 * Serves `GenerateDataKey` and `Decrypt` on a mocked KMS client with the
 * local runtime's keyring: data keys are really wrapped, and a wrong
 * encryption context fails as on AWS. The key is `PII_KEY_ID` of the tests.
 */
export function fakeKms(stub: AwsClientStub<KMSClient>): LocalKeyring {
  const keyring = LocalKeyring.open(undefined);
  const keyId = process.env.PII_KEY_ID;
  const known = (id: unknown) => {
    if (id !== keyId) keyring.resolve(id);
  };

  stub.on(GenerateDataKeyCommand).callsFake((input) => {
    known(input.KeyId);
    const plaintext = Buffer.alloc(32);
    crypto.getRandomValues(plaintext);
    return {
      KeyId: keyId,
      Plaintext: new Uint8Array(plaintext),
      CiphertextBlob: new Uint8Array(
        keyring.encrypt(plaintext, input.EncryptionContext ?? {}),
      ),
    };
  });
  stub.on(DecryptCommand).callsFake((input) => {
    if (input.KeyId !== undefined) known(input.KeyId);
    try {
      const blob = Buffer.from(input.CiphertextBlob ?? new Uint8Array());
      return {
        KeyId: keyId,
        Plaintext: new Uint8Array(
          keyring.decrypt(blob, input.EncryptionContext ?? {}),
        ),
      };
    } catch (error) {
      if (!(error instanceof KmsError)) throw error;
      throw Object.assign(new Error(error.message), {
        name: error.errorType,
        $metadata: { httpStatusCode: 400 },
      });
    }
  });
  return keyring;
}
