import { KMSClient } from '@aws-sdk/client-kms';
import { tracer } from '../observability';

export const kms = tracer.captureAWSv3Client(new KMSClient({}));
