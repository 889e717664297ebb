import type { Handoff } from '../../schemas/handoff';
import { InvariantError } from '../shared/errors';
import { getHandoff } from '../shared/handoffs';
import type { TurnRef } from '../shared/turns';

/** Suffixes tried before concluding something is wrong. */
const MAX_ATTEMPTS = 20;

/**
 * Id of a turn's n-th handoff: `<conversationId>-<segment>-<index>`, then
 * `-2`, `-3`… A turn hands off more than once only when a handoff was
 * decided and the same turn failed again before the next one opened.
 */
export function handoffIdFor(ref: TurnRef, attempt = 1): string {
  const base = `${ref.conversationId}-${ref.segment}-${ref.index}`;
  return attempt === 1 ? base : `${base}-${attempt}`;
}

/**
 * The id to open a handoff under: the first one that is free, or still
 * open (an earlier attempt of this step opened it; it is taken over with
 * the new task token).
 */
export async function openSlot(
  ref: TurnRef,
): Promise<{ handoffId: string; existing?: Handoff }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const handoffId = handoffIdFor(ref, attempt);
    const stored = await getHandoff(ref.tenantId, handoffId);
    if (!stored) return { handoffId };
    if (stored.handoff.status === 'open') {
      return { handoffId, existing: stored.handoff };
    }
  }
  throw new InvariantError(
    `Turn ${ref.segment}/${ref.index} already has ${MAX_ATTEMPTS} handoffs`,
  );
}

/** The turn's newest handoff (the last id taken), if any. */
export async function latestHandoff(
  ref: TurnRef,
): Promise<Handoff | undefined> {
  let latest: Handoff | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await getHandoff(ref.tenantId, handoffIdFor(ref, attempt));
    if (!stored) break;
    latest = stored.handoff;
  }
  return latest;
}
