import type { TurnStepInput } from '../../schemas/workflow';
import type { ConversationVault } from '../shared/pii/conversation-vault';
import type { ToolCallContext } from './tool-call';

/** What deciding the calls of one turn needs. */
export interface ActContext extends ToolCallContext {
  readonly ref: TurnStepInput;
  readonly vault: ConversationVault;
  readonly now: Date;
  /** Whether a change of this turn already waits for the customer's yes. */
  asking: boolean;
}
