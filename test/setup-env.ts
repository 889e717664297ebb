/**
 * Environment for in-process tests: the names the functions read, quiet
 * Powertools, and dummy credentials that only ever reach mocked clients or
 * the loopback runtime.
 */
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_EC2_METADATA_DISABLED: 'true',
  CONVERSATIONS_TABLE: 'Conversations',
  TENANTS_TABLE: 'Tenants',
  STORE_TABLE: 'Store',
  IDEMPOTENCY_TABLE: 'Idempotency',
  CONVERSATION_STATE_MACHINE_ARN:
    'arn:aws:states:us-east-1:000000000000:stateMachine:Conversation',
  EVENT_BUS_NAME: 'frontline',
  PII_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/test-pii-vault',
  CUSTOMER_REF_KEY_ID:
    'arn:aws:kms:us-east-1:000000000000:key/test-customer-ref',
  BEDROCK_MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0',
  POWERTOOLS_SERVICE_NAME: 'frontline-test',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_DEV: 'false',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
