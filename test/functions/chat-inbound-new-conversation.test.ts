import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { logger } from '../../functions/shared/observability';
import { sha256Hex } from '../../functions/shared/secrets';
import {
  CONVERSATION,
  given,
  post,
  putsOf,
  resetWorld,
  sfn,
  TEXT,
  validBody,
} from './chat-inbound-world';

beforeEach(() => {
  resetWorld();
});

describe('POST a message to a new conversation', () => {
  it('creates the conversation, stores the message and starts segment 1', async () => {
    // Prepare
    given({ heads: [undefined] });

    // Act
    const response = await post(validBody({ messageId: 'msg-1' }));

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      conversationId: CONVERSATION,
      sequence: 1,
      duplicate: false,
      customerToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const [created] = putsOf('META');
    expect(created?.args[0].input.Item).toMatchObject({
      customerId: 'cust-1',
      channel: 'web',
      segment: 1,
      customerTokenSha256: sha256Hex(response.body.customerToken),
    });
    expect(putsOf('MSG#')[0]?.args[0].input.Item).toMatchObject({
      sequence: 1,
      messageId: 'msg-1',
      direction: 'inbound',
      sender: 'customer',
      channel: 'web',
      text: TEXT,
    });
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input.name).toBe('demo_conv-1_1');
    expect(start?.args[0].input.stateMachineArn).toBe(
      process.env.CONVERSATION_STATE_MACHINE_ARN,
    );
    expect(JSON.parse(start?.args[0].input.input ?? '')).toEqual({
      tenantId: 'demo',
      conversationId: CONVERSATION,
      stateMachineArn: process.env.CONVERSATION_STATE_MACHINE_ARN,
      segment: 1,
      start: 'message',
      limits: {
        idleTimeoutSeconds: 900,
        handoffTimeoutSeconds: 3600,
        handoffHeartbeatSeconds: 900,
        approvalTimeoutSeconds: 3600,
      },
      turn: { index: 0 },
    });
  });

  it('returns 401 and stores nothing when another first message won the race', async () => {
    // Prepare
    given({ heads: [undefined], createLosesRace: true });

    // Act
    const response = await post(validBody({ messageId: 'msg-1' }));

    // Assess
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/already exists/);
    expect(putsOf('MSG')).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('logs ids and lengths but never the text', async () => {
    // Prepare
    given({ heads: [undefined] });
    const info = jest.spyOn(logger, 'info');

    // Act
    await post(validBody({ messageId: 'msg-1' }));

    // Assess
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).toContain('"text_length":28');
    expect(logged).not.toContain('W1234567');
    info.mockRestore();
  });
});
