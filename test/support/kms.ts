import {
  DecryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { KmsError, LocalKeyring } from '../../local/kms/keyring';
import { LocalMacKey } from '../../local/kms/mac-key';

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
      throw awsError(error);
    }
  });
  return keyring;
}

/**
 * Serves `GenerateMac` on a mocked KMS client with a fresh local HMAC key,
 * `CUSTOMER_REF_KEY_ID` of the tests: real HMAC-SHA-256 tags, the same for
 * the same message. Returns the key.
 */
export function fakeMacs(stub: AwsClientStub<KMSClient>): LocalMacKey {
  const key = LocalMacKey.open(undefined);
  const keyId = process.env.CUSTOMER_REF_KEY_ID;
  stub.on(GenerateMacCommand).callsFake((input) => {
    if (input.KeyId !== keyId && !key.names(input.KeyId)) {
      throw awsError(new KmsError('NotFoundException', 'No such key'));
    }
    try {
      const message = Buffer.from(input.Message ?? new Uint8Array());
      return {
        KeyId: keyId,
        Mac: new Uint8Array(key.generate(message, input.MacAlgorithm)),
        MacAlgorithm: input.MacAlgorithm,
      };
    } catch (error) {
      throw awsError(error);
    }
  });
  return key;
}

/** A local KMS error as the SDK reports a service's answer. */
function awsError(error: unknown): unknown {
  if (!(error instanceof KmsError)) return error;
  return Object.assign(new Error(error.message), {
    name: error.errorType,
    $metadata: { httpStatusCode: 400 },
  });
}
