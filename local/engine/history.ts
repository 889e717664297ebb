import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { EngineEvent } from './run-types';
import type { ExecutionHistoryEvent } from './types';

/** A history event as stored: JSON-safe, timestamp in epoch ms. */
export interface StoredEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: number;
  readonly type: HistoryEventType;
  readonly [detailsKey: string]: unknown;
}

export type EventDetails = Readonly<Record<string, unknown>>;

const STATE_TYPE_PREFIX: Readonly<Record<string, string>> = {
  Task: 'Task',
  Pass: 'Pass',
  Choice: 'Choice',
  Wait: 'Wait',
  Succeed: 'Succeed',
  Fail: 'Fail',
  Parallel: 'Parallel',
  Map: 'Map',
};

/**
 * The event history of one execution, shaped like `GetExecutionHistory`:
 * ids from 1, each event pointing at the one before it, details under the
 * key Step Functions uses for the type (`stateEnteredEventDetails` for
 * every `*StateEntered`, `taskScheduledEventDetails`, …).
 */
export class ExecutionHistory {
  private readonly events: StoredEvent[];
  private nextId: number;

  constructor(events: readonly StoredEvent[] = [], nextId?: number) {
    this.events = [...events];
    this.nextId = nextId ?? (events.at(-1)?.id ?? 0) + 1;
  }

  add(type: HistoryEventType, details?: EventDetails): StoredEvent {
    const id = this.nextId++;
    const event: StoredEvent = {
      id,
      previousEventId: id - 1,
      timestamp: Date.now(),
      type,
      ...(details ? { [detailsKey(type)]: details } : {}),
    };
    this.events.push(event);
    return event;
  }

  /** Adds the AWS counterpart of an engine event; returns false if none. */
  addEngineEvent(event: EngineEvent): boolean {
    const prefix =
      'state' in event ? STATE_TYPE_PREFIX[event.state.type] : undefined;
    if (event.type === 'StateEntered' && prefix) {
      this.add(`${prefix}StateEntered` as HistoryEventType, {
        name: event.state.name,
        input: json(event.state.input),
        inputDetails: { truncated: false },
      });
      return true;
    }
    if (event.type === 'StateExited' && prefix && prefix !== 'Fail') {
      this.add(`${prefix}StateExited` as HistoryEventType, {
        name: event.state.name,
        output: json(event.state.output),
        outputDetails: { truncated: false },
      });
      return true;
    }
    return this.addMapIteration(event);
  }

  /** Events in order, optionally only the latest `limit`. */
  list(limit?: number): readonly StoredEvent[] {
    return limit === undefined ? this.events : this.events.slice(-limit);
  }

  get nextEventId(): number {
    return this.nextId;
  }

  private addMapIteration(event: EngineEvent): boolean {
    const types: Readonly<Record<string, HistoryEventType>> = {
      MapIterationStarted: 'MapIterationStarted',
      MapIterationSucceeded: 'MapIterationSucceeded',
      MapIterationFailed: 'MapIterationFailed',
    };
    const type = types[event.type];
    if (!type || !('parentState' in event) || !('index' in event)) {
      return false;
    }
    this.add(type, { name: event.parentState.name, index: event.index });
    return true;
  }
}

/** A state transition is one `*StateEntered` event, as AWS bills them. */
export function countStateTransitions(
  events: readonly Pick<HistoryEvent, 'type'>[],
): number {
  return events.filter((event) => event.type?.endsWith('StateEntered')).length;
}

/** The SDK shape of a stored event (`timestamp` as a `Date`). */
export function toHistoryEvent(event: StoredEvent): ExecutionHistoryEvent {
  return {
    ...event,
    timestamp: new Date(event.timestamp),
  } as ExecutionHistoryEvent;
}

/** JSON text of a value, as history and API outputs carry it. */
export function json(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

function detailsKey(type: HistoryEventType): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`;
}
