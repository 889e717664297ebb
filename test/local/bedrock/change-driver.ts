import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  awaitingConfirmation,
  describeChange,
  refused,
} from '../../../functions/act/change';
import {
  requestedCalls,
  toolRoundMessages,
} from '../../../functions/respond/tool-rounds';
import {
  answeredCall,
  answerToChange,
} from '../../../functions/shared/confirmation';
import { MemoryStore } from '../../../functions/shared/store/memory';
import { STORE_TOOLS } from '../../../functions/shared/store/tools';
import {
  enabledTools,
  TOOL_CATALOGUE,
  toolConfiguration,
} from '../../../functions/shared/tool-catalogue';
import { offlineConverse } from '../../../local/bedrock/offline-model';
import type {
  ConverseRequestJson,
  ConverseResponseJson,
} from '../../../local/bedrock/wire';
import type { ToolCall } from '../../../schemas/turn';

/**
 * Plays a conversation with the offline model against the demo tenant's
 * store the way the respond and act steps do: the dialogue, then the
 * turn's tool rounds as toolUse and toolResult blocks; a change is first
 * put to the customer, and their yes or no carries the same call into the
 * next turn. Changes above the demo's approval threshold get the decision
 * the test sets.
 */

export type Message = NonNullable<ConverseRequestJson['messages']>[number];

const DEMO = join(__dirname, '../../../tenants/demo');
const demoJson = (name: string): unknown =>
  JSON.parse(readFileSync(join(DEMO, name), 'utf8'));

interface DemoTenant {
  readonly tools: {
    readonly enabled: string[];
    readonly maxToolRoundsPerTurn: number;
    readonly approvalAboveCents: number;
  };
}
const TENANT = demoJson('tenant.json') as DemoTenant;

/** The demo tenant's tools as the configuration travels on the wire. */
export const DEMO_TOOL_CONFIG = JSON.parse(
  JSON.stringify(toolConfiguration(enabledTools(TENANT.tools.enabled))),
);

export const demoStore = () =>
  MemoryStore.fromJson({
    users: demoJson('store/users.json'),
    orders: demoJson('store/orders.json'),
    products: demoJson('store/products.json'),
  });

/** What a person decides on a change that needs approval. */
export type Decision =
  | { readonly kind: 'approve' }
  | { readonly kind: 'refuse'; readonly note?: string }
  | { readonly kind: 'expire' };

export interface TurnOutcome {
  readonly reply: string;
  /** The route of each model call of the turn, in order. */
  readonly routes: readonly string[];
  readonly calls: readonly ToolCall[];
  /** The request of the turn's last model call. */
  readonly request: ConverseRequestJson;
}

export class ChangeDriver {
  readonly store = demoStore();
  decision: Decision = { kind: 'approve' };
  private readonly dialogue: Message[] = [];
  private waiting: ToolCall | undefined;

  /** One customer turn: their text, the model's rounds, the reply. */
  async turn(text: string): Promise<TurnOutcome> {
    this.dialogue.push({ role: 'user', content: [{ text }] });
    let calls = await this.carried(text);
    this.waiting = undefined;
    const routes: string[] = [];
    const max = TENANT.tools.maxToolRoundsPerTurn;
    for (let round = calls.length > 0 ? 1 : 0; ; round += 1) {
      const request = this.request(calls, round, round < max);
      const response = offlineConverse(request);
      routes.push(response.additionalModelResponseFields.route);
      const content = response.output.message.content as never;
      const requested = round < max ? requestedCalls(content, round + 1) : [];
      if (requested.length === 0) {
        const reply = textOf(response);
        this.dialogue.push({ role: 'assistant', content: [{ text: reply }] });
        return { reply, routes, calls, request };
      }
      const decided = await Promise.all(requested.map((c) => this.act(c)));
      calls = [...calls, ...decided];
    }
  }

  /** Once the rounds are spent, tools go and the rounds become text. */
  private request(
    calls: readonly ToolCall[],
    rounds: number,
    tools: boolean,
  ): ConverseRequestJson {
    return {
      system: [{ text: 'You are Wren of Lanternfield Supply.' }],
      messages: [
        ...this.dialogue,
        ...(toolRoundMessages(calls, rounds, tools) as Message[]),
      ],
      ...(tools ? { toolConfig: DEMO_TOOL_CONFIG } : {}),
    };
  }

  /** The waiting change, answered by the customer's text. */
  private async carried(text: string): Promise<ToolCall[]> {
    const answer = answerToChange([text]);
    if (!this.waiting || answer === 'other') return [];
    const call = answeredCall(this.waiting, answer);
    return [answer === 'yes' ? await this.runChange(call) : call];
  }

  private async act(call: ToolCall): Promise<ToolCall> {
    if (TOOL_CATALOGUE[call.name]?.risk === 'read') return this.run(call);
    try {
      const refund = await this.refund(call);
      const change = describeChange(call.name, call.input, refund);
      this.waiting = {
        ...call,
        status: 'awaiting_confirmation',
        result: awaitingConfirmation(change),
      };
      return this.waiting;
    } catch (error) {
      return failed(call, error);
    }
  }

  private async runChange(call: ToolCall): Promise<ToolCall> {
    const refund = await this.refund(call).catch(() => 0);
    if (refund <= TENANT.tools.approvalAboveCents) return this.run(call);
    const change = describeChange(call.name, call.input, refund);
    const { decision } = this;
    if (decision.kind === 'approve') return this.run(call);
    const why = decision.kind === 'refuse' ? 'refused' : 'expired';
    const note = decision.kind === 'refuse' ? decision.note : undefined;
    return { ...call, status: 'refused', result: refused(change, why, note) };
  }

  private async refund(call: ToolCall): Promise<number> {
    const preview = STORE_TOOLS[call.name]?.preview;
    return preview ? (await preview(this.store, call.input)).refundCents : 0;
  }

  private async run(call: ToolCall): Promise<ToolCall> {
    try {
      const value = await STORE_TOOLS[call.name]?.run(this.store, call.input);
      return { ...call, status: 'succeeded', result: JSON.stringify(value) };
    } catch (error) {
      return failed(call, error);
    }
  }
}

/** What a read tool of the demo store returns, as JSON. */
export async function demoResult(
  name: string,
  input: Record<string, string>,
): Promise<Record<string, unknown>> {
  const value = await STORE_TOOLS[name]?.run(demoStore(), input);
  return JSON.parse(JSON.stringify(value));
}

export const user = (text: string): Message => ({
  role: 'user',
  content: [{ text }],
});

export const assistant = (text: string): Message => ({
  role: 'assistant',
  content: [{ text }],
});

/** One tool round: the assistant's call and the result the user sends. */
export function round(
  name: string,
  input: Record<string, unknown>,
  result: unknown,
  status: 'success' | 'error' = 'success',
): Message[] {
  const toolUseId = `tooluse_${name}`;
  return [
    { role: 'assistant', content: [{ toolUse: { toolUseId, name, input } }] },
    {
      role: 'user',
      content: [
        { toolResult: { toolUseId, content: [{ json: result }], status } },
      ],
    },
  ];
}

/** The offline model's answer to the messages, with the demo's tools. */
export function converse(messages: Message[]) {
  const response = offlineConverse({
    system: [{ text: 'You are Wren of Lanternfield Supply.' }],
    messages,
    toolConfig: DEMO_TOOL_CONFIG,
  });
  const [block] = response.output.message.content;
  return {
    response,
    route: response.additionalModelResponseFields.route,
    text: textOf(response),
    use: block && 'toolUse' in block ? block.toolUse : undefined,
  };
}

const failed = (call: ToolCall, error: unknown): ToolCall => ({
  ...call,
  status: 'failed',
  result: JSON.stringify({
    error: error instanceof Error ? error.message : String(error),
  }),
});

export function textOf(response: ConverseResponseJson): string {
  const [block] = response.output.message.content;
  return block && 'text' in block ? block.text : '';
}
