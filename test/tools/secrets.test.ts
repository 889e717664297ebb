import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { TransientError } from '../../functions/shared/errors';
import { ToolError } from '../../functions/shared/store/errors';
import {
  clearSecretCache,
  SECRET_CACHE_MS,
  secretValue,
} from '../../functions/shared/tool-targets/secrets';
import { SECRET_ARN } from './fixtures';

const secrets = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({});
const NOW = 1_700_000_000_000;
const read = (now = NOW) =>
  secretValue(SECRET_ARN, 'track_parcel', client, now);

beforeEach(() => {
  secrets.reset();
  clearSecretCache();
});

describe('secretValue', () => {
  it('reads the secret once and keeps it for five minutes', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'first' })
      .resolves({ SecretString: 'rotated' });

    // Act
    const values = [
      await read(),
      await read(NOW + SECRET_CACHE_MS - 1),
      await read(NOW + SECRET_CACHE_MS),
    ];

    // Assess
    expect(values).toEqual(['first', 'first', 'rotated']);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(
      secrets.commandCalls(GetSecretValueCommand)[0].args[0].input,
    ).toEqual({ SecretId: SECRET_ARN });
  });

  it('shares one read between concurrent callers', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'token' });

    // Act
    await Promise.all([read(), read(), read()]);

    // Assess
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('throws a transient error when Secrets Manager throttles', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // Act & Assess
    await expect(read()).rejects.toThrow(TransientError);
  });

  it('says the tool is unavailable for a missing secret, and reads again later', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(
        new ResourceNotFoundException({
          message: 'not found',
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .resolves({ SecretString: 'token' });

    // Act
    const first = await read().catch((error: Error) => error);
    const second = await read();

    // Assess
    expect(first).toBeInstanceOf(ToolError);
    expect((first as Error).message).toBe(
      'track_parcel is unavailable right now: its credential cannot be read',
    );
    expect(second).toBe('token');
  });

  it('refuses a binary secret', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretBinary: new Uint8Array([1]) });

    // Act & Assess
    await expect(read()).rejects.toThrow('its credential is not a text secret');
  });
});
