import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  conversationPk,
  executionName,
  HANDOFF_SK,
  handoffPk,
  SK,
} from '../../functions/shared/keys';
import type { ExecutionHistoryEvent } from '../../local/engine';
import type { EventEnvelope } from '../../local/events/bus';
import { type Runtime, startRuntime } from '../../local/runtime';
import type { Conversation } from '../../schemas/conversation';
import { CONVERSATION_CLOSED } from '../../schemas/conversation-closed';
import type { Message } from '../../schemas/message';
import { TABLES } from '../../schemas/tables';
import type { TurnRecord } from '../../schemas/turn';
import { agentCall, ChatClient, type ChatResponse } from '../support/chat';
import { makeTestTenant } from '../support/cli';

/**
 * The conversation workflow as it runs locally: the real definition on the
 * local engine, the real handlers in this process, with the short timeouts
 * of the `quick` tenant so idle and handoff timers fire within seconds.
 */
export const TENANT = 'quick';
export const TIMEOUTS = {
  idleTimeoutSeconds: 2,
  handoffTimeoutSeconds: 4,
  handoffHeartbeatSeconds: 3,
  approvalTimeoutSeconds: 4,
} as const;
/** Longest a scenario waits for any one outcome. */
export const WAIT_MS = 15_000;

/**
 * Stands in for the workflow steps of one conversation (their payloads name
 * it); `next` runs the real handler.
 */
export type Fault = (
  functionName: string,
  payload: unknown,
  next: () => Promise<unknown>,
) => Promise<unknown>;

const CONVERSATIONS = TABLES.conversations.name;

/** A running platform plus what the scenarios read back from it. */
export class Platform {
  /** Faults by conversation id, so scenarios never disturb each other. */
  readonly faults = new Map<string, Fault>();
  private readonly closed: EventEnvelope[] = [];
  private unsubscribe = () => {};
  private running?: Runtime;
  private tenantDir?: string;

  async start(): Promise<void> {
    this.tenantDir = makeTestTenant(TENANT, TIMEOUTS);
    this.running = await startRuntime({
      port: 0,
      logLevel: 'SILENT',
      tenantDirs: [this.tenantDir],
      intercept: (name, payload, next) => {
        const fault = this.faults.get(conversationOf(payload) ?? '');
        return fault ? fault(name, payload, next) : next();
      },
    });
    this.unsubscribe = this.running.events.subscribe(
      (event) => this.closed.push(event),
      CONVERSATION_CLOSED,
    );
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.running?.stop();
    if (this.tenantDir) {
      rmSync(dirname(this.tenantDir), { recursive: true, force: true });
    }
  }

  get runtime(): Runtime {
    if (!this.running) throw new Error('The platform has not started');
    return this.running;
  }

  /** A new customer with a conversation id of their own. */
  customer(): ChatClient {
    return new ChatClient(this.runtime.url, TENANT);
  }

  agent(method: string, path: string, body?: unknown): Promise<ChatResponse> {
    return agentCall(
      this.runtime.url,
      this.runtime.agentToken,
      method,
      path,
      body,
    );
  }

  executionArn(conversationId: string, segment = 1): string {
    const machine = this.runtime.stateMachineArn.replace(
      ':stateMachine:',
      ':execution:',
    );
    return `${machine}:${executionName(TENANT, conversationId, segment)}`;
  }

  history(conversationId: string, segment = 1): ExecutionHistoryEvent[] {
    const arn = this.executionArn(conversationId, segment);
    return this.runtime.engine.getExecutionHistory(arn).events;
  }

  /** Names of the executions of one conversation, oldest first. */
  executionNames(conversationId: string): string[] {
    const { executions } = this.runtime.engine.listExecutions({
      stateMachineArn: this.runtime.stateMachineArn,
    });
    const prefix = `${TENANT}_${conversationId}_`;
    return executions
      .map((e) => e.name)
      .filter((name) => name.startsWith(prefix))
      .reverse();
  }

  async head(conversationId: string): Promise<Conversation> {
    const { Item } = await this.runtime.documentClient.send(
      new GetCommand({
        TableName: CONVERSATIONS,
        Key: { pk: conversationPk(TENANT, conversationId), sk: SK.head },
        ConsistentRead: true,
      }),
    );
    if (!Item) throw new Error(`No head item for ${conversationId}`);
    return Item as Conversation;
  }

  /** Stored messages, notes and message ids included, in sequence order. */
  messages(conversationId: string): Promise<Message[]> {
    return this.query<Message>(conversationId, SK.messagePrefix);
  }

  turns(conversationId: string): Promise<TurnRecord[]> {
    return this.query<TurnRecord>(conversationId, 'TURN#');
  }

  /** The handoff item as stored, with its task token. */
  async storedHandoff(handoffId: string): Promise<Record<string, unknown>> {
    const { Item } = await this.runtime.documentClient.send(
      new GetCommand({
        TableName: CONVERSATIONS,
        Key: { pk: handoffPk(TENANT, handoffId), sk: HANDOFF_SK },
        ConsistentRead: true,
      }),
    );
    if (!Item) throw new Error(`No handoff ${handoffId}`);
    return Item;
  }

  /**
   * Resolves once the workflow is parked (its wait token is stored) with
   * every customer message answered: nothing more will happen until the
   * customer writes or the idle timer fires.
   */
  async parked(conversationId: string): Promise<Conversation> {
    let head = await this.head(conversationId);
    await waitUntil(async () => {
      head = await this.head(conversationId);
      const customer = (await this.messages(conversationId))
        .filter((m) => m.sender === 'customer')
        .map((m) => m.sequence);
      return (
        head.waitToken !== undefined &&
        head.lastAnswered >= Math.max(0, ...customer)
      );
    }, `conversation ${conversationId} to park`);
    return head;
  }

  /** The first conversation-closed event of a conversation. */
  async closedEvent(conversationId: string): Promise<EventEnvelope> {
    const find = () =>
      this.closed.find(
        (e) =>
          (e.detail as { conversationId?: string }).conversationId ===
          conversationId,
      );
    await waitUntil(() => find() !== undefined, 'a conversation-closed event');
    return find() as EventEnvelope;
  }

  /** Polls the open handoffs until one belongs to the conversation. */
  async openHandoff(conversationId: string): Promise<HandoffListing> {
    let found: HandoffListing | undefined;
    let raw: ChatResponse | undefined;
    await waitUntil(async () => {
      raw = await this.agent('GET', `/tenants/${TENANT}/handoffs?status=open`);
      const { handoffs } = raw.body as { handoffs: HandoffListing[] };
      found = handoffs.find((h) => h.conversationId === conversationId);
      return found !== undefined;
    }, `an open handoff of ${conversationId}`);
    return { ...(found as HandoffListing), raw: raw as ChatResponse };
  }

  private async query<T>(conversationId: string, prefix: string) {
    const { Items = [] } = await this.runtime.documentClient.send(
      new QueryCommand({
        TableName: CONVERSATIONS,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': conversationPk(TENANT, conversationId),
          ':prefix': prefix,
        },
        ConsistentRead: true,
      }),
    );
    return Items as T[];
  }
}

/** A handoff as the agent API lists it, with the raw response. */
export interface HandoffListing {
  readonly handoffId: string;
  readonly conversationId: string;
  readonly status: string;
  readonly reason: string;
  readonly summary: string;
  readonly raw: ChatResponse;
}

/** Polls `done` every 50 ms; fails after `timeoutMs`. */
export async function waitUntil(
  done: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An error as a handler would throw it: its name is the error type. */
export function namedError(name: string): Error {
  const error = new Error(`Injected ${name}`);
  error.name = name;
  return error;
}

/** Throws `errorName` from `target`'s first `times` calls, then runs it. */
export function failing(target: string, errorName: string, times = 1): Fault {
  let calls = 0;
  return (name, _payload, next) => {
    if (name !== target || calls++ >= times) return next();
    return Promise.reject(namedError(errorName));
  };
}

/** Delays `target` by `ms` for the turns `when` picks, then runs it. */
export function delaying(
  target: string,
  ms: number,
  when: (payload: { index?: number }) => boolean = () => true,
): Fault {
  return async (name, payload, next) => {
    if (name === target && when(payload as { index?: number })) {
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    return next();
  };
}

/** Names of the states entered, in order. */
export function enteredStates(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((e) =>
    e.type?.endsWith('StateEntered') && e.stateEnteredEventDetails?.name
      ? [e.stateEnteredEventDetails.name]
      : [],
  );
}

/** Events from the `n`-th (1-based) entry into `state` on. */
export function fromNthEntry(
  events: readonly HistoryEvent[],
  state: string,
  n: number,
): HistoryEvent[] {
  let seen = 0;
  const start = events.findIndex(
    (e) =>
      e.type?.endsWith('StateEntered') &&
      e.stateEnteredEventDetails?.name === state &&
      ++seen === n,
  );
  return start < 0 ? [] : events.slice(start);
}

/** Transcript predicate: at least `n` messages from `role`. */
export const atLeast =
  (n: number, role: string) =>
  (t: { messages: readonly { role: string }[] }): boolean =>
    t.messages.filter((m) => m.role === role).length >= n;

function conversationOf(payload: unknown): string | undefined {
  const id = (payload as { conversationId?: unknown } | null)?.conversationId;
  return typeof id === 'string' ? id : undefined;
}
