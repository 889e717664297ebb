import { atDeadline, MAX_TIMER_DELAY_MS } from '../../../local/engine/timers';

describe('atDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires a deadline beyond the timer limit neither early nor never', () => {
    // Prepare
    const fired = jest.fn();
    const thirtyDaysMs = 30 * 24 * 3600 * 1000;
    atDeadline(Date.now() + thirtyDaysMs, fired);

    // Act
    jest.advanceTimersByTime(MAX_TIMER_DELAY_MS + 1000);
    const firedAtLimit = fired.mock.calls.length;
    jest.advanceTimersByTime(thirtyDaysMs - MAX_TIMER_DELAY_MS);

    // Assess
    expect(firedAtLimit).toBe(0);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('does not fire once cancelled', () => {
    // Prepare
    const fired = jest.fn();
    const cancel = atDeadline(Date.now() + 1000, fired);

    // Act
    cancel();
    jest.advanceTimersByTime(2000);

    // Assess
    expect(fired).not.toHaveBeenCalled();
  });
});
