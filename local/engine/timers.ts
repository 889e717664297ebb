/** Longest delay `setTimeout` honours; longer ones fire after 1 ms. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `onDeadline` once the clock passes `deadline` (epoch ms), chaining
 * timers so that deadlines beyond ~24.8 days neither overflow nor fire
 * early. Returns a function that cancels it.
 */
export function atDeadline(deadline: number, onDeadline: () => void) {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      timer = undefined;
      onDeadline();
      return;
    }
    timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_DELAY_MS));
  };
  arm();
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}
