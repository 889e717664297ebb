import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { tracer } from '../observability';

export const secretsManager = tracer.captureAWSv3Client(
  new SecretsManagerClient({}),
);
