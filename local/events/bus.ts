/**
 * The in-process event bus of the local runtime: every event the local
 * EventBridge endpoint accepts is delivered here, in the envelope shape
 * EventBridge gives rule targets.
 */

/** An event as EventBridge delivers it to targets. */
export interface EventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

/** Where an event was put; not part of the envelope. */
export interface EventContext {
  readonly eventBusName: string;
}

export type EventListener = (
  event: EventEnvelope,
  context: EventContext,
) => void;

/** Optional narrowing of what a listener receives. */
export interface EventPattern {
  readonly source?: string;
  readonly detailType?: string;
  readonly eventBusName?: string;
}

/** A small typed subscriber list. */
export class LocalEventBus {
  private readonly listeners = new Set<{
    listener: EventListener;
    pattern: EventPattern;
  }>();

  /** Calls `listener` for each matching event; returns an unsubscribe. */
  subscribe(listener: EventListener, pattern: EventPattern = {}): () => void {
    const entry = { listener, pattern };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /**
   * Delivers an event to every matching listener. A listener that throws
   * does not stop the others, as targets of one rule are independent.
   */
  publish(event: EventEnvelope, context: EventContext): void {
    for (const { listener, pattern } of [...this.listeners]) {
      if (!matches(pattern, event, context)) continue;
      try {
        listener(event, context);
      } catch {
        // A failing subscriber must not fail the PutEvents call.
      }
    }
  }

  /** Resolves with the next matching event, or rejects after a timeout. */
  next(pattern: EventPattern = {}, timeoutMs = 5_000): Promise<EventEnvelope> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`No event matched within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.subscribe((event) => {
        clearTimeout(timer);
        unsubscribe();
        resolve(event);
      }, pattern);
    });
  }
}

function matches(
  pattern: EventPattern,
  event: EventEnvelope,
  context: EventContext,
): boolean {
  return (
    (pattern.source === undefined || pattern.source === event.source) &&
    (pattern.detailType === undefined ||
      pattern.detailType === event['detail-type']) &&
    (pattern.eventBusName === undefined ||
      pattern.eventBusName === context.eventBusName)
  );
}
