import { KMSClient } from '@aws-sdk/client-kms';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { dynamo } from '../../functions/shared/clients/dynamo';
import { loadStoreDir } from '../../functions/shared/store/json';
import { MemoryStore } from '../../functions/shared/store/memory';
import { STORE_TOOLS } from '../../functions/shared/store/tools';
import { clearTenantCache } from '../../functions/shared/tenants';
import type { StoreData } from '../../schemas/store';
import type { ToolCall } from '../../schemas/turn';
import { fakeKms } from '../support/kms';
import {
  DEMO,
  demoConfig,
  demoHead,
  demoTurn,
  NOW,
} from './workflow-steps/demo-changes';
import { DynaliteItems } from './workflow-steps/dynalite-items';

/**
 * The act step's changes to the demo store: the turn, head and approval
 * items on dynalite behind the functions' own client, the store in memory.
 * Each test file wires the hooks: `beforeAll(start)`, `afterAll(stop)`,
 * `beforeEach(setUp)` and `afterEach(tearDown)`.
 */
export let items: DynaliteItems;
/** KMS wraps the vault's data keys; the local keyring stands in. */
const kms = mockClient(KMSClient);
/** The demo tenant's store as loaded from disk. */
export let data: StoreData;
/** The demo store of the current test, fresh for each. */
export let store: MemoryStore;
/** The conversation of the current test, another for each. */
export let conversationId: string;
let counter = 0;

export const ref = () => ({
  tenantId: DEMO,
  conversationId,
  segment: 1,
  index: 2,
});
export const deps = () => ({ storeFor: () => store, now: () => NOW });
export const approvalId = () => `${conversationId}-1-2-1`;

/** Stores the head, the turn with `calls` and the tenant configuration. */
export async function given(calls: ToolCall[], config = demoConfig()) {
  await items.putTenant(config);
  await items.putHead(demoHead(conversationId));
  await items.putTurn(demoTurn(conversationId, calls));
}

export const storedCalls = async () => (await items.turn(ref())).toolCalls;
export function storeTool(name: string) {
  const tool = STORE_TOOLS[name];
  if (!tool) throw new Error(`No store tool ${name}`);
  return tool;
}
export const resultOf = (call: ToolCall | undefined) =>
  JSON.parse(call?.result ?? 'null');

/**
 * Fails one write of the turn record, as a crashed or timed-out step
 * would: the `after` writes before it go through, and so do all after it.
 */
export function failTurnWrite(after = 0) {
  const send = dynamo.send.bind(dynamo);
  let seen = 0;
  return jest.spyOn(dynamo, 'send').mockImplementation((async (
    command: unknown,
  ) => {
    const sk = command instanceof UpdateCommand ? command.input.Key?.sk : '';
    if (String(sk).startsWith('TURN#')) {
      seen += 1;
      if (seen === after + 1) {
        throw Object.assign(new Error('The service is unavailable'), {
          name: 'ServiceUnavailable',
        });
      }
    }
    return send(command as UpdateCommand);
  }) as never);
}

/** For `beforeAll`: starts dynalite and loads the demo store. */
export async function start() {
  items = await DynaliteItems.start();
  data = await loadStoreDir('tenants/demo/store');
}

/** For `afterAll`: stops dynalite. */
export async function stop() {
  await items.stop();
}

/** For `beforeEach`: a new conversation on a fresh store and KMS. */
export async function setUp() {
  await items.clearConversations();
  counter += 1;
  conversationId = `conv-${counter}`;
  store = new MemoryStore(data);
  clearTenantCache();
  kms.reset();
  fakeKms(kms);
}

/** For `afterEach`: undoes the test's spies. */
export function tearDown() {
  jest.restoreAllMocks();
}
