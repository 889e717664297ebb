import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { EventEnvelope } from '../../../local/events/bus';
import { type EventsApi, startEventsApi } from '../../../local/events/server';
import { CONVERSATION_CLOSED } from '../../../schemas/conversation-closed';

const entry = (
  detail: object | string = { conversationId: 'c-1' },
): PutEventsRequestEntry => ({
  Source: CONVERSATION_CLOSED.source,
  DetailType: CONVERSATION_CLOSED.detailType,
  Detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
  EventBusName: 'frontline',
});

describe('startEventsApi', () => {
  let dir: string;
  let file: string;
  let api: EventsApi;
  let client: EventBridgeClient;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-events-'));
    file = join(dir, 'nested', 'events.jsonl');
    api = await startEventsApi({ file });
    client = new EventBridgeClient({ endpoint: api.url, region: 'us-east-1' });
  });

  afterEach(async () => {
    client.destroy();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes accepted events on the bus and in the file', async () => {
    // Prepare
    const seen: { event: EventEnvelope; bus: string }[] = [];
    api.bus.subscribe((event, { eventBusName }) =>
      seen.push({ event, bus: eventBusName }),
    );
    const time = new Date('2026-12-03T10:00:00Z');

    // Act
    const output = await client.send(
      new PutEventsCommand({
        Entries: [
          { ...entry(), Time: time, Resources: ['arn:aws:x'] },
          entry({ conversationId: 'c-2' }),
        ],
      }),
    );

    // Assess
    expect(output.FailedEntryCount).toBe(0);
    expect(output.Entries).toEqual([
      { EventId: expect.any(String) },
      { EventId: expect.any(String) },
    ]);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(seen.map((s) => s.event));
    expect(seen.map((s) => s.bus)).toEqual(['frontline', 'frontline']);
    expect(seen[0]?.event).toEqual({
      version: '0',
      id: output.Entries?.[0]?.EventId,
      'detail-type': 'Conversation Closed',
      source: 'frontline.conversations',
      account: '000000000000',
      time: '2026-12-03T10:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:x'],
      detail: { conversationId: 'c-1' },
    });
  });

  it.each([
    ['a detail that is not JSON', entry('{not json'), 'MalformedDetail'],
    ['a detail that is not an object', entry('[1, 2]'), 'MalformedDetail'],
    ['a missing source', { ...entry(), Source: undefined }, 'InvalidArgument'],
  ])('fails only the entry with %s', async (_kind, bad, errorCode) => {
    // Prepare
    const seen: EventEnvelope[] = [];
    api.bus.subscribe((event) => seen.push(event));

    // Act
    const output = await client.send(
      new PutEventsCommand({ Entries: [entry(), bad] }),
    );

    // Assess
    expect(output.FailedEntryCount).toBe(1);
    expect(output.Entries?.[0]).toEqual({ EventId: expect.any(String) });
    expect(output.Entries?.[1]).toEqual({
      ErrorCode: errorCode,
      ErrorMessage: expect.any(String),
    });
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['more than 10 entries', Array.from({ length: 11 }, () => entry())],
    ['entries over 256 KB', [entry({ text: 'x'.repeat(256 * 1024) })]],
  ])('rejects a call with %s', async (_kind, entries) => {
    // Act
    const call = client.send(new PutEventsCommand({ Entries: entries }));

    // Assess
    await expect(call).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
  });

  it('rejects other operations as unknown', async () => {
    // Act
    const call = client.send(new ListRulesCommand({}));

    // Assess
    await expect(call).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
  });

  it('lets a subscriber wait for the next matching event', async () => {
    // Prepare
    const next = api.bus.next({ detailType: 'Conversation Closed' });

    // Act
    await client.send(new PutEventsCommand({ Entries: [entry()] }));

    // Assess
    await expect(next).resolves.toMatchObject({
      detail: { conversationId: 'c-1' },
    });
  });
});
