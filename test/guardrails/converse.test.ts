import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { converse } from '../../functions/shared/converse';
import {
  InvariantError,
  ModelError,
  TransientError,
} from '../../functions/shared/errors';
import {
  GuardrailMissingError,
  guardrailFor,
} from '../../functions/shared/guardrails';
import { clearTenantCache } from '../../functions/shared/tenants';
import { GUARDRAILS_ENV, GUARDRAILS_REQUIRED } from '../../schemas/guardrails';
import { FakeTables } from '../functions/workflow-steps/fake-tables';
import { TENANTS, tenantConfig } from '../functions/workflow-steps/fixtures';

const bedrock = mockClient(BedrockRuntimeClient);
const ddb = mockClient(DynamoDBDocumentClient);
let tables: FakeTables;

const GUARDRAIL = { id: 'abc123def456', version: '3' };
const BLOCKED = "Sorry, I can't help with that.";

const INPUT: ConverseCommandInput = {
  modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
  system: [{ text: 'You are Ava.' }],
  messages: [
    { role: 'user', content: [{ text: 'Hello' }] },
    { role: 'assistant', content: [{ text: 'Hi! How can I help?' }] },
    { role: 'user', content: [{ text: 'Where is my order?' }] },
  ],
};

const answer = (
  text: string,
  stopReason: ConverseCommandOutput['stopReason'] = 'end_turn',
): ConverseCommandOutput => ({
  output: { message: { role: 'assistant', content: [{ text }] } },
  stopReason,
  usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
  metrics: { latencyMs: 1 },
  $metadata: {},
});

const sent = (): ConverseCommandInput => {
  const input = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
  if (!input) throw new Error('Converse was not called');
  return input;
};

/** Stores a tenant's configuration item, with `guardrail` when given. */
function storeTenant(tenantId: string, guardrail?: unknown): void {
  tables.put(TENANTS, {
    pk: `T#${tenantId}`,
    sk: 'CONFIG',
    config: tenantConfig({ tenantId }),
    ...(guardrail === undefined ? {} : { guardrail }),
  });
}

beforeEach(() => {
  bedrock.reset();
  ddb.reset();
  clearTenantCache();
  tables = new FakeTables(ddb);
  bedrock.on(ConverseCommand).resolves(answer('On its way.'));
  process.env[GUARDRAILS_ENV] = GUARDRAILS_REQUIRED;
  storeTenant('demo', GUARDRAIL);
  storeTenant('other');
});

afterAll(() => {
  delete process.env[GUARDRAILS_ENV];
});

describe('converse under a guardrail', () => {
  it('sends the request unchanged when the caller names no tenant', async () => {
    // Act
    const response = await converse(INPUT, 'reply');

    // Assess
    expect(sent()).toEqual(INPUT);
    expect(response.guardrailIntervened).toBe(false);
    expect(response.output?.message?.content?.[0]?.text).toBe('On its way.');
  });

  it("attaches the tenant's guardrail with the trace off", async () => {
    // Act
    await converse(INPUT, 'summary', { tenantId: 'demo' });

    // Assess
    expect(sent()).toEqual({
      ...INPUT,
      guardrailConfig: {
        guardrailIdentifier: 'abc123def456',
        guardrailVersion: '3',
        trace: 'disabled',
      },
    });
  });

  it('refuses to call the model for a tenant without a guardrail', async () => {
    // Act
    const call = converse(INPUT, 'reply', { tenantId: 'other' });

    // Assess
    await expect(call).rejects.toThrow(GuardrailMissingError);
    await expect(call).rejects.toThrow('Tenant other has no guardrail');
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it.each([
    ['an unset variable', undefined, 'demo'],
    ['an empty variable', '', 'demo'],
  ])('sends no guardrail for %s', async (_case, env, tenantId) => {
    // Prepare
    if (env === undefined) delete process.env[GUARDRAILS_ENV];
    else process.env[GUARDRAILS_ENV] = env;

    // Act
    await converse(INPUT, 'reply', { tenantId, inputMessageIndex: 2 });

    // Assess
    expect(sent()).toEqual(INPUT);
  });

  it('makes only the named message the guardrail input', async () => {
    // Act
    await converse(INPUT, 'reply', { tenantId: 'demo', inputMessageIndex: 2 });

    // Assess
    expect(sent().messages).toEqual([
      INPUT.messages?.[0],
      INPUT.messages?.[1],
      {
        role: 'user',
        content: [{ guardContent: { text: { text: 'Where is my order?' } } }],
      },
    ]);
  });

  it('leaves tool results of the named message as they are', async () => {
    // Prepare
    const toolResult = {
      toolUseId: 't1',
      content: [{ json: { status: 'delivered' } }],
    };
    const input: ConverseCommandInput = {
      ...INPUT,
      messages: [
        { role: 'user', content: [{ text: 'Status?' }, { toolResult }] },
      ],
    };

    // Act
    await converse(input, 'reply', { tenantId: 'demo', inputMessageIndex: 0 });

    // Assess
    expect(sent().messages?.[0]?.content).toEqual([
      { guardContent: { text: { text: 'Status?' } } },
      { toolResult },
    ]);
  });

  it('flags an answer the guardrail replaced', async () => {
    // Prepare
    bedrock
      .on(ConverseCommand)
      .resolves(answer(BLOCKED, 'guardrail_intervened'));

    // Act
    const response = await converse(INPUT, 'reply', { tenantId: 'demo' });

    // Assess
    expect(response.guardrailIntervened).toBe(true);
    expect(response.stopReason).toBe('guardrail_intervened');
    expect(response.output?.message?.content).toEqual([{ text: BLOCKED }]);
  });

  it.each([
    ['a tenant id map', '{"demo":{"id":"abc","version":"1"}}'],
    ['a misspelling', 'require'],
  ])('throws InvariantError when the variable is %s', async (_case, env) => {
    // Prepare
    process.env[GUARDRAILS_ENV] = env;

    // Act
    const call = converse(INPUT, 'reply', { tenantId: 'demo' });

    // Assess
    await expect(call).rejects.toBeInstanceOf(InvariantError);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });
});

describe('converse after a deploy replaced the guardrail', () => {
  const gone = () =>
    new ResourceNotFoundException({
      message: 'The guardrail version does not exist',
      $metadata: { httpStatusCode: 404 },
    });

  it('calls once more under the guardrail stored now', async () => {
    // Prepare
    await guardrailFor('demo');
    storeTenant('demo', { id: GUARDRAIL.id, version: '4' });
    bedrock
      .on(ConverseCommand)
      .rejectsOnce(gone())
      .resolves(answer('On its way.'));

    // Act
    const response = await converse(INPUT, 'reply', { tenantId: 'demo' });

    // Assess
    const versions = bedrock
      .commandCalls(ConverseCommand)
      .map((call) => call.args[0].input.guardrailConfig?.guardrailVersion);
    expect(versions).toEqual(['3', '4']);
    expect(response.output?.message?.content?.[0]?.text).toBe('On its way.');
  });

  it('lets the failure stand when the guardrail is unchanged', async () => {
    // Prepare
    bedrock.on(ConverseCommand).rejects(gone());

    // Act
    const call = converse(INPUT, 'reply', { tenantId: 'demo' });

    // Assess
    await expect(call).rejects.toBeInstanceOf(ModelError);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
  });

  it('does not read the tenant again for a transient failure', async () => {
    // Prepare
    await guardrailFor('demo');
    storeTenant('demo', { id: GUARDRAIL.id, version: '4' });
    bedrock.on(ConverseCommand).rejects(
      new ThrottlingException({
        message: 'slow down',
        $metadata: { httpStatusCode: 429 },
      }),
    );

    // Act
    const call = converse(INPUT, 'reply', { tenantId: 'demo' });

    // Assess
    await expect(call).rejects.toBeInstanceOf(TransientError);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
  });
});

describe('guardrailFor', () => {
  it('reads the guardrail stored beside the configuration', async () => {
    // Act
    const guardrail = await guardrailFor('demo');

    // Assess
    expect(guardrail).toEqual(GUARDRAIL);
  });

  it('throws InvariantError for a malformed stored guardrail', async () => {
    // Prepare
    storeTenant('broken', { id: 'abc123def456', version: 'latest' });

    // Act
    const call = guardrailFor('broken');

    // Assess
    await expect(call).rejects.toBeInstanceOf(InvariantError);
    await expect(call).rejects.toThrow('tenant broken');
  });

  it('reads no tenant when guardrails are not required', async () => {
    // Prepare
    delete process.env[GUARDRAILS_ENV];

    // Act
    const guardrail = await guardrailFor('unknown');

    // Assess
    expect(guardrail).toBeUndefined();
    expect(ddb.calls()).toHaveLength(0);
  });
});
