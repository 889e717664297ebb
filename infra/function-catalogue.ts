import type { TABLES } from '../schemas/tables';
import type { WORKFLOW_FUNCTIONS } from '../workflows/definition';

export type TableKey = keyof typeof TABLES;

/** What a function may do with a table. */
export type TableAccess = 'read' | 'readWrite';

/**
 * What one Lambda function under `functions/<name>/handler.ts` needs: its
 * size and the permissions it is granted. Nothing is granted that is not
 * listed here.
 */
export interface FunctionSpec {
  /** Memory size in MiB. */
  readonly memoryMb: number;
  /** Timeout in seconds; below the workflow's task timeout. */
  readonly timeoutSeconds: number;
  /** Tables the function reads or writes. */
  readonly tables: Readonly<Partial<Record<TableKey, TableAccess>>>;
  /** Completes or heartbeats task tokens (SendTaskSuccess and friends). */
  readonly completesTasks?: boolean;
  /** Starts conversation executions on the `live` alias. */
  readonly startsExecutions?: boolean;
  /** Reads the state machine alias ARN without starting executions. */
  readonly knowsStateMachine?: boolean;
  /** Calls the Bedrock model (Converse). */
  readonly invokesModel?: boolean;
  /** Publishes events on the Frontline event bus. */
  readonly publishesEvents?: boolean;
  /** Checks the agent bearer token. */
  readonly checksAgentToken?: boolean;
  /**
   * Opens conversations' PII vaults: gets `PII_KEY_ID` and KMS
   * GenerateDataKey and Decrypt under a conversation encryption context.
   */
  readonly usesPiiVault?: boolean;
  /**
   * Names customers in analytics by pseudonymous reference: gets
   * `CUSTOMER_REF_KEY_ID` and KMS GenerateMac on the HMAC key.
   */
  readonly makesCustomerRefs?: boolean;
}

type WorkflowFolder =
  (typeof WORKFLOW_FUNCTIONS)[keyof typeof WORKFLOW_FUNCTIONS];

/** Folder names under `functions/` that hold a Lambda handler. */
export type FunctionName = WorkflowFolder | 'chat-inbound' | 'agent-api';

const STEP = { memoryMb: 512, timeoutSeconds: 20 } as const;
const CONVERSATION = { conversations: 'readWrite', tenants: 'read' } as const;

/** Every Lambda function of the stack; the type makes the list complete. */
export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  // Asks the model for the label when the tenant's classifier is unsure.
  understand: { ...STEP, tables: CONVERSATION, invokesModel: true },
  retrieve: { ...STEP, tables: CONVERSATION },
  respond: {
    memoryMb: 1024,
    timeoutSeconds: 90,
    tables: CONVERSATION,
    invokesModel: true,
    usesPiiVault: true,
  },
  // Writes to the store: changes run only after the customer's yes, and
  // above the tenant's threshold after a person's approval.
  // Tenant backends may take up to 15 s a call: room for a few per attempt,
  // within the workflow task's 60 s.
  act: {
    ...STEP,
    timeoutSeconds: 50,
    tables: { ...CONVERSATION, store: 'readWrite' },
    usesPiiVault: true,
  },
  // Parks on an approval and announces it; marks it expired on timeout.
  approval: {
    ...STEP,
    tables: CONVERSATION,
    completesTasks: true,
    publishesEvents: true,
  },
  deliver: {
    ...STEP,
    tables: CONVERSATION,
    completesTasks: true,
    usesPiiVault: true,
  },
  'await-customer': { ...STEP, tables: CONVERSATION, completesTasks: true },
  // Writes the AI summary agents read when they pick the handoff up.
  handoff: {
    ...STEP,
    tables: CONVERSATION,
    invokesModel: true,
    usesPiiVault: true,
  },
  // Reopens the conversation when customer messages arrived during close;
  // publishes each segment's closed event once (idempotency records),
  // naming the customer by reference.
  close: {
    ...STEP,
    tables: { ...CONVERSATION, idempotency: 'readWrite' },
    publishesEvents: true,
    startsExecutions: true,
    usesPiiVault: true,
    makesCustomerRefs: true,
  },
  'chat-inbound': {
    ...STEP,
    tables: CONVERSATION,
    completesTasks: true,
    startsExecutions: true,
  },
  'agent-api': {
    ...STEP,
    tables: CONVERSATION,
    completesTasks: true,
    knowsStateMachine: true,
    checksAgentToken: true,
  },
};

/** `await-customer` → `AwaitCustomer`: the construct id of a function. */
export function constructId(name: FunctionName): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
