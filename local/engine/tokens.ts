import { randomBytes } from 'node:crypto';
import { InvalidOutput, InvalidToken, TaskTimedOut } from './errors';
import { atDeadline } from './timers';

const TOKEN_BYTES = 64;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{86}$/;

/** How a callback task ended. */
export type WaitOutcome =
  | { readonly status: 'succeeded'; readonly output: string }
  | {
      readonly status: 'failed';
      readonly error: string;
      readonly cause: string;
    }
  | {
      readonly status: 'timedOut';
      readonly error: 'States.Timeout' | 'States.HeartbeatTimeout';
    };

export interface WaitOptions {
  /** Epoch ms when the task times out with `States.Timeout`. */
  readonly deadline?: number;
  /** Seconds a heartbeat keeps the task alive. */
  readonly heartbeatSeconds?: number;
  /** Epoch ms of the first heartbeat deadline. @default now + heartbeat */
  readonly heartbeatDeadline?: number;
  /** Sees each heartbeat's new deadline (epoch ms). */
  readonly onHeartbeat?: (heartbeatDeadline: number) => void;
  /** Called once when the wait ends, whichever way. */
  readonly onEnd?: (wait: TaskWait) => void;
}

/**
 * One callback task waiting for `SendTaskSuccess`/`SendTaskFailure` on its
 * token, with its timeout and heartbeat timers. The first outcome wins;
 * the token is dead afterwards.
 */
export class TaskWait {
  readonly outcome: Promise<WaitOutcome>;
  private resolve!: (outcome: WaitOutcome) => void;
  private settled = false;
  private cancelTimeout?: () => void;
  private cancelHeartbeat?: () => void;
  private currentHeartbeatDeadline?: number;

  constructor(
    readonly token: string,
    private readonly options: WaitOptions,
    private readonly onSettled: (wait: TaskWait) => void,
  ) {
    this.outcome = new Promise((resolve) => {
      this.resolve = resolve;
    });
    const { deadline, heartbeatSeconds } = options;
    if (deadline !== undefined) {
      this.cancelTimeout = atDeadline(deadline, () =>
        this.settle({ status: 'timedOut', error: 'States.Timeout' }),
      );
    }
    if (heartbeatSeconds !== undefined && !this.settled) {
      this.armHeartbeat(
        options.heartbeatDeadline ?? Date.now() + heartbeatSeconds * 1000,
      );
    }
  }

  get isSettled(): boolean {
    return this.settled;
  }

  get deadline(): number | undefined {
    return this.options.deadline;
  }

  get heartbeatSeconds(): number | undefined {
    return this.options.heartbeatSeconds;
  }

  get heartbeatDeadline(): number | undefined {
    return this.currentHeartbeatDeadline;
  }

  /** Ends the wait with `outcome` unless it already ended. */
  settle(outcome: WaitOutcome): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.cancelTimeout?.();
    this.cancelHeartbeat?.();
    this.onSettled(this);
    this.options.onEnd?.(this);
    this.resolve(outcome);
    return true;
  }

  /** Ends the wait without an outcome (stop, close). */
  cancel(): void {
    if (this.settled) return;
    this.settled = true;
    this.cancelTimeout?.();
    this.cancelHeartbeat?.();
    this.onSettled(this);
    this.options.onEnd?.(this);
  }

  heartbeat(): void {
    const seconds = this.options.heartbeatSeconds;
    if (seconds === undefined || this.settled) return;
    this.cancelHeartbeat?.();
    const deadline = Date.now() + seconds * 1000;
    this.armHeartbeat(deadline);
    this.options.onHeartbeat?.(deadline);
  }

  private armHeartbeat(deadline: number): void {
    this.currentHeartbeatDeadline = deadline;
    this.cancelHeartbeat = atDeadline(deadline, () =>
      this.settle({ status: 'timedOut', error: 'States.HeartbeatTimeout' }),
    );
  }
}

/**
 * The live task tokens. A token is a random, URL-safe string; a
 * well-formed token that is not live belongs to a task that ended, which
 * Step Functions answers with `TaskTimedOut`.
 */
export class TaskTokens {
  private readonly live = new Map<string, TaskWait>();

  /** Opens a wait under a fresh token. */
  open(options: WaitOptions): TaskWait {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const wait = new TaskWait(token, options, (settled) =>
      this.live.delete(settled.token),
    );
    if (!wait.isSettled) this.live.set(token, wait);
    return wait;
  }

  succeed(token: string, output: string): void {
    const wait = this.find(token);
    try {
      JSON.parse(output);
    } catch {
      throw new InvalidOutput('The task output is not valid JSON');
    }
    wait.settle({ status: 'succeeded', output });
  }

  fail(token: string, error = '', cause = ''): void {
    this.find(token).settle({ status: 'failed', error, cause });
  }

  heartbeat(token: string): void {
    this.find(token).heartbeat();
  }

  get size(): number {
    return this.live.size;
  }

  private find(token: string): TaskWait {
    if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) {
      throw new InvalidToken('Invalid Token: malformed task token');
    }
    const wait = this.live.get(token);
    if (!wait) throw new TaskTimedOut('Task Timed Out: the task has ended');
    return wait;
  }
}
