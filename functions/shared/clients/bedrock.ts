import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { tracer } from '../observability';

export const bedrock = tracer.captureAWSv3Client(new BedrockRuntimeClient({}));
