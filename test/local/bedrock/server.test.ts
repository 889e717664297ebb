import { connect } from 'node:http2';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { renderKnowledge } from '../../../functions/shared/prompt-format';
import {
  type BedrockApi,
  type BedrockApiLogEntry,
  startBedrockApi,
} from '../../../local/bedrock/server';

const MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const QUESTION = 'How long does shipping take?';
const SYSTEM = renderKnowledge([
  {
    id: 'shipping-1',
    title: 'Shipping',
    text: 'Standard shipping takes 3 to 5 business days.',
  },
]);

const converseInput = (modelId = MODEL_ID) => ({
  modelId,
  system: [{ text: SYSTEM }],
  messages: [{ role: 'user' as const, content: [{ text: QUESTION }] }],
});

describe('startBedrockApi', () => {
  let api: BedrockApi;
  let client: BedrockRuntimeClient;
  const logs: BedrockApiLogEntry[] = [];

  beforeEach(async () => {
    logs.length = 0;
    api = await startBedrockApi({ logger: (entry) => logs.push(entry) });
    client = new BedrockRuntimeClient({
      endpoint: api.url,
      region: 'us-east-1',
    });
  });

  afterEach(async () => {
    client.destroy();
    await api.close();
  });

  it.each([
    ['a model id', MODEL_ID],
    [
      'an inference profile ARN',
      'arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.x:0',
    ],
  ])('answers Converse for %s over HTTP/2', async (_kind, modelId) => {
    // Act
    const output = await client.send(
      new ConverseCommand(converseInput(modelId)),
    );

    // Assess
    expect(output.stopReason).toBe('end_turn');
    expect(output.output?.message?.content?.[0]?.text).toContain(
      '3 to 5 business days. [[shipping-1]]',
    );
    expect(output.usage?.totalTokens).toBeGreaterThan(0);
    expect(output.additionalModelResponseFields).toMatchObject({
      offlineModel: true,
    });
    expect(logs).toEqual([
      expect.objectContaining({
        event: 'offline_model_answered',
        status: 200,
        modelId,
        route: 'passage',
        httpVersion: '2.0',
      }),
    ]);
  });

  it('answers Converse over HTTP/1.1 as well', async () => {
    // Prepare
    const path = `/model/${encodeURIComponent(MODEL_ID)}/converse`;
    const { modelId: _, ...body } = converseInput();

    // Act
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      output: { message: { role: 'assistant' } },
      stopReason: 'end_turn',
    });
    expect(logs[0]).toMatchObject({ modelId: MODEL_ID, httpVersion: '1.1' });
  });

  it('never logs the customer text', async () => {
    // Act
    await client.send(new ConverseCommand(converseInput()));

    // Assess
    expect(JSON.stringify(logs)).not.toContain('shipping');
    expect(logs[0]?.requestBytes).toBeGreaterThan(QUESTION.length);
  });

  it('rejects ConverseStream with a ValidationException', async () => {
    // Act
    const call = client.send(new ConverseStreamCommand(converseInput()));

    // Assess
    await expect(call).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('does not stream'),
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
  });

  it.each([
    ['malformed JSON', '/model/m/converse', '{"messages": ['],
    ['an unknown route', '/model/m/invoke', '{}'],
    ['a request without roles', '/model/m/converse', '{"messages":[{}]}'],
  ])('answers %s with a 400 ValidationException', async (_kind, path, body) => {
    // Act
    const { status, headers, json } = await h2Post(api.url, path, body);

    // Assess
    expect(status).toBe(400);
    expect(headers['x-amzn-errortype']).toBe('ValidationException');
    expect(json).toEqual({ message: expect.any(String) });
  });
});

/** A raw HTTP/2 POST, to send what the SDK never would. */
function h2Post(url: string, path: string, body: string) {
  return new Promise<{
    status: number;
    headers: Record<string, unknown>;
    json: unknown;
  }>((resolve, reject) => {
    const session = connect(url);
    session.on('error', reject);
    const stream = session.request({ ':method': 'POST', ':path': path });
    let headers: Record<string, unknown> = {};
    let text = '';
    stream.on('response', (h) => {
      headers = h;
    });
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    stream.on('end', () => {
      session.close();
      resolve({
        status: Number(headers[':status']),
        headers,
        json: JSON.parse(text),
      });
    });
    stream.end(body);
  });
}
