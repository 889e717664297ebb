import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../functions/agent-api/handler';
import { createAgentToken } from '../../functions/shared/agents';
import type { HttpResult } from '../../functions/shared/http';
import { sha256Hex } from '../../functions/shared/secrets';
import type { Approval } from '../../schemas/approval';
import { TABLES } from '../../schemas/tables';
import { httpEvent, type RequestOptions } from '../support/http-event';
import { DEMO, padApproval } from './workflow-steps/demo-changes';
import { DynaliteItems } from './workflow-steps/dynalite-items';

/**
 * The agents' approval routes: approvals on dynalite (real conditional
 * writes and the status index), Step Functions mocked. Each test file
 * wires `startWorld`, `stopWorld` and `resetWorld` into its own hooks.
 */
export const sfn = mockClient(SFNClient);
let items: DynaliteItems;

export const AGENT_TOKEN = 'agent-token-1';
export const TASK_TOKEN = 'task-token-secret-1';
export const CONVERSATION = 'conv-7';
export const APPROVAL_ID = `${CONVERSATION}-1-2-1`;
export const DECISION = `/tenants/demo/approvals/${APPROVAL_ID}/decision`;
const context = { functionName: 'agent-api' } as Context;

export const approve = { decision: 'approve', agentName: 'Sam Rivera' };
export const refuse = {
  decision: 'refuse',
  agentName: 'Sam Rivera',
  note: 'The pad was used on a trip.',
};

export async function call(
  method: string,
  path: string,
  options: RequestOptions = {},
) {
  const event = httpEvent(method, path, { token: AGENT_TOKEN, ...options });
  const result = (await handler(event, context)) as HttpResult;
  const raw = result.body ?? '';
  // No answer, whatever its status, ever carries a task token.
  expect(raw).not.toContain(TASK_TOKEN);
  expect(raw).not.toContain('taskToken');
  return { status: result.statusCode, body: raw ? JSON.parse(raw) : {} };
}

export const decide = (body: unknown, path = DECISION) =>
  call('POST', path, { body });
export const list = (query?: Record<string, string>) =>
  call('GET', '/tenants/demo/approvals', query ? { query } : {});

export const stored = () => items.approval(DEMO, APPROVAL_ID);
const agents = () => ({ client: items.client, tableName: TABLES.tenants.name });

/** The token of an agent of its own, made for these tenants. */
export async function agentToken(
  agentId: string,
  name: string,
  tenantIds: string[],
): Promise<string> {
  const made = await createAgentToken(agents(), {
    agentId,
    name,
    tenantIds,
    replace: true,
  });
  return made.token;
}
export const wakes = () =>
  sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input);

/** Stores an approval, with the task token of its wait when given one. */
export const putApproval = (approval: Approval, taskToken?: string) =>
  items.putApproval(approval, taskToken);

/** A pending approval whose wait stored its task token. */
export async function givenWaiting(overrides: Partial<Approval> = {}) {
  await putApproval(padApproval(CONVERSATION, overrides), TASK_TOKEN);
}

/** For `beforeAll`: starts dynalite. */
export async function startWorld(): Promise<void> {
  items = await DynaliteItems.start();
}

/** For `afterAll`: stops dynalite and forgets the agent token. */
export async function stopWorld(): Promise<void> {
  await items.stop();
  delete process.env.AGENT_TOKEN_SHA256;
}

/** For `beforeEach`: no approvals, a workflow that wakes, the agent token. */
export async function resetWorld(): Promise<void> {
  await items.clearConversations();
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  process.env.AGENT_TOKEN_SHA256 = sha256Hex(AGENT_TOKEN);
}
