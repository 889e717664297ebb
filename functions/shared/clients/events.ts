import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { tracer } from '../observability';

export const events = tracer.captureAWSv3Client(new EventBridgeClient({}));
