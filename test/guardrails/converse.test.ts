import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { converse } from '../../functions/shared/converse';
import { InvariantError } from '../../functions/shared/errors';
import {
  GuardrailMissingError,
  guardrailFor,
} from '../../functions/shared/guardrails';
import { GUARDRAILS_ENV } from '../../schemas/guardrails';

const bedrock = mockClient(BedrockRuntimeClient);

const GUARDRAILS = JSON.stringify({
  demo: { id: 'abc123def456', version: '3' },
});
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

beforeEach(() => {
  bedrock.reset();
  bedrock.on(ConverseCommand).resolves(answer('On its way.'));
  process.env[GUARDRAILS_ENV] = GUARDRAILS;
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

  it('refuses to call the model for a tenant the map leaves out', async () => {
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
    ['not JSON', '{demo:'],
    ['not a map of guardrails', '{"demo":{"id":"abc"}}'],
    ['a list', '[]'],
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

describe('guardrailFor', () => {
  it('reads the variable again when it changes', () => {
    // Prepare
    const before = guardrailFor('demo');
    process.env[GUARDRAILS_ENV] = JSON.stringify({
      demo: { id: 'local-demo', version: '1' },
    });

    // Act
    const after = guardrailFor('demo');

    // Assess
    expect(before).toEqual({ id: 'abc123def456', version: '3' });
    expect(after).toEqual({ id: 'local-demo', version: '1' });
  });
});
