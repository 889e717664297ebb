/**
 * Lanternfield Supply's delivery estimate: the Lambda function behind the
 * demo tenant's `estimate_delivery` tool. Frontline invokes it with
 * `{ tool, input, tenantId, conversationId, idempotencyKey }`; the local
 * runtime runs this file in place of the deployed function.
 *
 * It follows the shop's shipping article: an order placed before 1 p.m.
 * Pacific time on a business day is processed that day (otherwise the
 * next business day); standard shipping takes 3 to 6 business days after
 * that, expedited 1 to 2, to any US zip code.
 */

interface EstimateEvent {
  readonly tool: string;
  readonly input: { readonly zip?: string; readonly speed?: string };
}

const SPEEDS: Readonly<
  Record<string, { min: number; max: number; cost: string }>
> = {
  standard: {
    min: 3,
    max: 6,
    cost: 'free on orders of $75 or more, otherwise $6.95',
  },
  expedited: { min: 1, max: 2, cost: '$18' },
};

const CUTOFF_HOUR_PACIFIC = 13;

export async function handler(event: EstimateEvent) {
  const { zip = '', speed } = event.input ?? {};
  if (!/^\d{5}$/.test(zip) || zip === '00000') {
    throw new Error(`'${zip}' is not a US zip code we deliver to`);
  }
  const speeds = speed ? [speed] : Object.keys(SPEEDS);
  const processed = processingDay(new Date());

  return {
    zip,
    processed_on: isoDate(processed),
    options: speeds.map((name) => {
      const option = SPEEDS[name];
      if (!option) throw new Error(`'${name}' is not a shipping speed`);
      return {
        speed: name,
        business_days: `${option.min} to ${option.max}`,
        earliest: isoDate(addBusinessDays(processed, option.min)),
        latest: isoDate(addBusinessDays(processed, option.max)),
        cost: option.cost,
      };
    }),
  };
}

/** Today when before the cut-off on a business day, else the next one. */
function processingDay(now: Date): Date {
  const hour = Number(
    new Intl.DateTimeFormat('en-US', {
      hour: 'numeric',
      hourCycle: 'h23',
      timeZone: 'America/Los_Angeles',
    }).format(now),
  );
  const today = new Date(`${isoDate(now)}T12:00:00Z`);
  return isBusinessDay(today) && hour < CUTOFF_HOUR_PACIFIC
    ? today
    : addBusinessDays(today, 1);
}

function addBusinessDays(from: Date, days: number): Date {
  const date = new Date(from);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isBusinessDay(date)) left -= 1;
  }
  return date;
}

const isBusinessDay = (date: Date) => ![0, 6].includes(date.getUTCDay());
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
