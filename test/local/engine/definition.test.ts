import { LocalStepFunctions } from '../../../local/engine';
import {
  compileDefinition,
  ENGINE_TASK_TIMEOUT_SECONDS,
} from '../../../local/engine/compile';
import {
  loadConversationDefinition,
  localFunctionArn,
  localSubstitutions,
} from '../../../local/engine/definition';
import { WORKFLOW_FUNCTIONS } from '../../../workflows/definition';
import { fakeInvoker } from './support';

describe('local conversation definition', () => {
  it('maps every workflow function to its local ARN', () => {
    // Act
    const substitutions = localSubstitutions();

    // Assess
    expect(Object.keys(substitutions)).toHaveLength(
      Object.keys(WORKFLOW_FUNCTIONS).length,
    );
    expect(substitutions.AwaitCustomerFunctionArn).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:await-customer',
    );
    expect(localFunctionArn('deliver', 'eu-west-1', '123456789012')).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:function:deliver',
    );
  });

  it('is accepted by createStateMachine with every resource supported', () => {
    // Prepare
    const engine = new LocalStepFunctions({
      dataDir: undefined,
      invoker: fakeInvoker({}),
    });

    // Act
    const arn = engine.createStateMachine(
      'Conversation',
      loadConversationDefinition(),
    );

    // Assess
    expect(arn).toBe(
      'arn:aws:states:us-east-1:000000000000:stateMachine:Conversation',
    );
  });

  it('moves task timeouts out of the engine, whose own timer never cuts a wait', () => {
    // Act
    const { tasks, runDefinition } = compileDefinition(
      loadConversationDefinition(),
    );

    // Assess
    const handoff: Record<string, unknown> = {
      ...runDefinition.States.Handoff,
    };
    expect(handoff.TimeoutSeconds).toBe(ENGINE_TASK_TIMEOUT_SECONDS);
    expect(handoff).not.toHaveProperty('TimeoutSecondsPath');
    expect(handoff).not.toHaveProperty('HeartbeatSecondsPath');
    expect(tasks.get('Handoff')).toMatchObject({
      kind: 'lambdaCallback',
      topLevel: true,
      usesTaskToken: true,
    });
    expect(tasks.get('ContinueAsNew')?.kind).toBe('startExecution');
  });
});
