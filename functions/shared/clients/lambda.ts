import { LambdaClient } from '@aws-sdk/client-lambda';
import { tracer } from '../observability';

/** Invokes tenants' tool functions (not the workflow's own steps). */
export const lambda = tracer.captureAWSv3Client(new LambdaClient({}));
