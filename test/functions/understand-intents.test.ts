import { createHash } from 'node:crypto';
import {
  BedrockRuntimeClient,
  ConverseCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  readLabelledCsv,
  serializeModel,
  train,
} from '../../functions/shared/intent';
import { INTENT_SK } from '../../functions/shared/intent/artifact-store';
import {
  LABEL_TASK,
  promptLabels,
} from '../../functions/shared/intent/label-prompt';
import { clearTenantCache } from '../../functions/shared/tenants';
import { clearIntentModelCache } from '../../functions/understand/intent-model';
import {
  understand,
  understandMessages,
} from '../../functions/understand/understand';
import { FakeTables } from './workflow-steps/fake-tables';
import {
  head,
  message,
  ref,
  seedConversation,
  TENANT,
  TENANTS,
  tenantConfig,
  turnItem,
} from './workflow-steps/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const bedrock = mockClient(BedrockRuntimeClient);
let tables: FakeTables;

const artifact = serializeModel(
  train(readLabelledCsv('tenants/demo/intents.csv')),
);
const sha256 = createHash('sha256').update(artifact).digest('hex');
/** The labels of the demo's examples, as the label prompt must list them. */
const DEMO_LABELS = [
  ...new Set(readLabelledCsv('tenants/demo/intents.csv').map((e) => e.label)),
].sort();

/** The demo tenant's intent settings, on the test tenant. */
function config(threshold = 0.6) {
  return tenantConfig({
    tools: { enabled: ['get_order_details'] },
    intents: {
      threshold,
      routes: {
        order_status: 'tool',
        account_help: 'tool',
        human_agent: 'handoff',
        return_request: 'answer',
      },
    },
  });
}

function storeArtifact(): void {
  const pk = `T#${TENANT}`;
  tables.put(TENANTS, {
    pk,
    sk: INTENT_SK.part(1),
    hash: sha256,
    data: artifact,
  });
  tables.put(TENANTS, {
    pk,
    sk: INTENT_SK.meta,
    sha256,
    parts: 1,
    bytes: artifact.length,
    labels: ['a', 'b'],
    examplesHash: 'e'.repeat(64),
    trainedAt: '2026-01-01T00:00:00.000Z',
  });
}

function modelReplies(text: string): void {
  bedrock.on(ConverseCommand).resolves({
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason: 'end_turn',
  });
}

const understandText = (text: string, threshold?: number) =>
  understandMessages([message(3, 'customer', text)], [], config(threshold));

beforeEach(() => {
  ddb.reset();
  bedrock.reset();
  clearIntentModelCache();
  clearTenantCache();
  tables = new FakeTables(ddb);
  storeArtifact();
});

describe('understand with a trained classifier', () => {
  it.each([
    ['Where is my order W2378156?', 'order_status', 'tool'],
    ['I need to change my password', 'account_help', 'tool'],
    ['Can I send back the tent I bought?', 'return_request', 'answer'],
    ['what is the weather on mars', 'oos', 'answer'],
  ])('routes "%s" as %s to %s', async (text, intent, route) => {
    // Act
    const understanding = await understandText(text);

    // Assess
    expect(understanding).toMatchObject({ intent, route });
    expect(understanding.confidence).toBeGreaterThanOrEqual(0.6);
    expect(understanding.runnerUp?.intent).toEqual(expect.any(String));
    expect(understanding.runnerUp?.intent).not.toBe(intent);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('keeps greetings rule-based, without a model call', async () => {
    // Act
    const understanding = await understandText('Hello!');

    // Assess
    expect(understanding).toMatchObject({
      intent: 'greeting',
      route: 'smalltalk',
    });
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('asks the model for one label when the classifier is unsure', async () => {
    // Prepare
    modelReplies('return_request');

    // Act
    const understanding = await understandText('Where is my order?', 1);

    // Assess
    const [call] = bedrock.commandCalls(ConverseCommand);
    const system = call?.args[0].input.system?.[0];
    const prompt = (system && 'text' in system && system.text) || '';
    expect(prompt).toContain(LABEL_TASK);
    expect(promptLabels(prompt)).toEqual(DEMO_LABELS);
    expect(understanding).toEqual({
      intent: 'return_request',
      confidence: 1,
      runnerUp: { intent: 'order_status', confidence: expect.any(Number) },
      route: 'answer',
      language: 'en',
    });
  });

  it.each([
    ['no label', 'I think it is about an order.'],
    ['a label the tenant does not have', 'refund_everything'],
  ])(
    'falls back to the rules when the model replies with %s',
    async (_, reply) => {
      // Prepare
      modelReplies(reply);

      // Act
      const understanding = await understandText('Where is my order?', 1);

      // Assess
      expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
      expect(understanding).toMatchObject({
        intent: 'order_lookup',
        route: 'tool',
      });
    },
  );

  it('asks under the tenant guardrail, with personal data redacted', async () => {
    // Prepare
    process.env.GUARDRAILS = 'required';
    tables.put(TENANTS, {
      pk: `T#${TENANT}`,
      sk: 'CONFIG',
      config: config(),
      guardrail: { id: 'gr-demo', version: '3' },
    });
    modelReplies('order_status');

    // Act
    await understandText(
      'Where is my order? Card 4111 1111 1111 1111, mail ann@example.com',
      1,
    ).finally(() => {
      delete process.env.GUARDRAILS;
    });

    // Assess
    const input = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(input?.guardrailConfig).toMatchObject({
      guardrailIdentifier: 'gr-demo',
      guardrailVersion: '3',
    });
    const sent = JSON.stringify(input?.messages);
    expect(sent).toContain('[CARD_1]');
    expect(sent).toContain('[EMAIL_1]');
    expect(sent).not.toContain('4111');
    expect(sent).not.toContain('ann@example.com');
  });

  it('falls back to the rules when the guardrail blocks the label call', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves({
      output: {
        message: { role: 'assistant', content: [{ text: 'order_status' }] },
      },
      stopReason: 'guardrail_intervened',
    });

    // Act
    const understanding = await understandText('Where is my order?', 1);

    // Assess
    expect(understanding).toMatchObject({ intent: 'order_lookup' });
  });

  it('falls back to the rules when the model fails', async () => {
    // Prepare
    bedrock.on(ConverseCommand).rejects(new Error('socket hang up'));

    // Act
    const understanding = await understandText('Where is my order?', 1);

    // Assess
    expect(understanding).toMatchObject({ intent: 'order_lookup' });
  });

  it('classifies by rules for a tenant without an artifact', async () => {
    // Prepare
    tables = new FakeTables(ddb.reset());

    // Act
    const understanding = await understandText('Where is my order?');

    // Assess
    expect(understanding).toMatchObject({
      intent: 'order_lookup',
      route: 'tool',
    });
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('stores the runner-up on the turn', async () => {
    // Prepare
    seedConversation(tables, {
      head: head({ lastSequence: 1, lastAnswered: 0 }),
      messages: [message(1, 'customer', 'Has my parcel shipped yet?')],
      config: config(),
    });

    // Act
    const output = await understand({ ...ref(), previousIndex: 0 });

    // Assess
    expect(output).toMatchObject({ intent: 'order_status', route: 'tool' });
    expect(turnItem(tables, 1)).toMatchObject({
      intent: 'order_status',
      runnerUp: { intent: expect.any(String), confidence: expect.any(Number) },
    });
  });
});
