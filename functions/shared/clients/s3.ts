import { S3Client } from '@aws-sdk/client-s3';
import { tracer } from '../observability';

/** Reads the deployment's assets (tenant folders uploaded by the CDK). */
export const s3 = tracer.captureAWSv3Client(new S3Client({}));
