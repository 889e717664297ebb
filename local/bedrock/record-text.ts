import { listPhrase } from './text';

/**
 * Turns the records store tools return (orders, customer profiles,
 * products, listings) into short sentences. Only values present in the
 * record are written; nothing is added, not even a currency.
 */

type Json = Record<string, unknown>;

const MAX_ITEMS = 5;
const MAX_VARIANTS = 4;
const MAX_LISTED = 60;

export const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : undefined;

const options = (value: unknown): string =>
  isRecord(value)
    ? Object.entries(value)
        .map(([k, v]) => `${k}: ${str(v) ?? ''}`)
        .join(', ')
    : '';

const more = (total: number, shown: number, noun: string) =>
  total > shown ? ` and ${total - shown} more ${noun}` : '';

/** "The status of order #W1 is delivered. It contains …". */
export function describeOrder(order: Json): string {
  const id = str(order.order_id);
  const parts = [
    id && order.status
      ? `The status of order ${id} is ${str(order.status)}.`
      : id
        ? `Here is order ${id}.`
        : '',
  ];
  const items = Array.isArray(order.items) ? order.items.filter(isRecord) : [];
  if (items.length > 0) {
    const shown = items.slice(0, MAX_ITEMS).map((item) => {
      const opts = options(item.options);
      const price = str(item.price);
      return `${str(item.name) ?? 'an item'}${opts ? ` (${opts})` : ''}${
        price ? ` at ${price}` : ''
      }`;
    });
    const rest = more(items.length, shown.length, 'items');
    parts.push(`It contains ${listPhrase(shown)}${rest}.`);
  }
  const tracking = trackingIds(order.fulfillments);
  if (tracking.length > 0) {
    const label = tracking.length > 1 ? 'Tracking numbers' : 'Tracking number';
    parts.push(`${label}: ${tracking.join(', ')}.`);
  }
  const payments = paymentHistory(order.payment_history);
  if (payments) parts.push(`Payment history: ${payments}.`);
  return parts.filter(Boolean).join(' ');
}

function trackingIds(fulfillments: unknown): string[] {
  if (!Array.isArray(fulfillments)) return [];
  return fulfillments.filter(isRecord).flatMap((f) => {
    const ids = Array.isArray(f.tracking_id) ? f.tracking_id : [f.tracking_id];
    return ids.flatMap((t) => (str(t) ? [str(t) as string] : []));
  });
}

function paymentHistory(history: unknown): string {
  if (!Array.isArray(history)) return '';
  return history
    .filter(isRecord)
    .map((p) => `${str(p.transaction_type) ?? 'payment'} of ${str(p.amount)}`)
    .join(', ');
}

/** "The account belongs to Ana Silva. Email: …. Orders: …". */
export function describeUser(user: Json): string {
  const name = isRecord(user.name)
    ? [str(user.name.first_name), str(user.name.last_name)]
        .filter(Boolean)
        .join(' ')
    : str(user.name);
  const parts = [name ? `The account belongs to ${name}.` : ''];
  if (str(user.email)) parts.push(`Email: ${str(user.email)}.`);
  if (isRecord(user.address)) parts.push(`Address: ${address(user.address)}.`);
  const methods = isRecord(user.payment_methods)
    ? Object.values(user.payment_methods).filter(isRecord).map(paymentMethod)
    : [];
  if (methods.length > 0) parts.push(`Payment methods: ${methods.join('; ')}.`);
  const orders = Array.isArray(user.orders) ? user.orders.map(str) : [];
  if (orders.length > 0) parts.push(`Orders: ${orders.join(', ')}.`);
  return parts.filter(Boolean).join(' ');
}

function address(a: Json): string {
  const cityLine = [str(a.city), [str(a.state), str(a.zip)].join(' ').trim()]
    .filter(Boolean)
    .join(', ');
  return [str(a.address1), str(a.address2), cityLine, str(a.country)]
    .filter(Boolean)
    .join(', ');
}

function paymentMethod(method: Json): string {
  const source = (str(method.source) ?? 'payment method').replace(/_/g, ' ');
  const brand = str(method.brand);
  const last = str(method.last_four);
  const balance = str(method.balance);
  return `${source}${brand ? ` (${brand})` : ''}${
    last ? ` ending in ${last}` : ''
  }${balance ? ` with a balance of ${balance}` : ''}`;
}

/** "Mechanical Keyboard has 9 variants, 6 available, priced …". */
export function describeProduct(product: Json): string {
  const name = str(product.name) ?? 'This product';
  const variants = isRecord(product.variants)
    ? Object.values(product.variants).filter(isRecord)
    : [];
  const available = variants.filter((v) => v.available === true);
  const prices = variants
    .map((v) => v.price)
    .filter((p): p is number => typeof p === 'number');
  const range = prices.length
    ? `, priced from ${Math.min(...prices)} to ${Math.max(...prices)}`
    : '';
  const count = `${variants.length} variant${variants.length === 1 ? '' : 's'}`;
  const parts = [
    `${name} has ${count}, ${available.length} available${range}.`,
  ];
  const shown = available.slice(0, MAX_VARIANTS).map((v) => {
    const price = str(v.price);
    const what = options(v.options) || str(v.item_id);
    return `${what}${price ? ` at ${price}` : ''}`;
  });
  if (shown.length > 0) {
    const rest = more(available.length, shown.length, 'variants');
    parts.push(`Available options include ${shown.join('; ')}${rest}.`);
  }
  return parts.join(' ');
}

/** A map of names to ids, such as every product type sold. */
export function describeListing(listing: Json, noun: string): string {
  const names = Object.keys(listing).sort();
  const shown = names.slice(0, MAX_LISTED);
  return `Here are the ${noun} (${names.length}): ${shown.join(', ')}${more(
    names.length,
    shown.length,
    '',
  ).trimEnd()}.`;
}

/** Up to six plain fields of any other record. */
export function describeFields(record: Json): string {
  const fields = Object.entries(record)
    .filter(([, v]) => str(v) !== undefined || typeof v === 'boolean')
    .slice(0, 6)
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`);
  return fields.length > 0 ? `Here is what I found: ${fields.join('; ')}.` : '';
}

/** Which describer suits a record, judged by its fields. */
export function describeRecord(record: Json, noun: string): string {
  if (
    'order_id' in record ||
    ('status' in record && Array.isArray(record.items))
  ) {
    return describeOrder(record);
  }
  if ('variants' in record) return describeProduct(record);
  if ('payment_methods' in record || isRecord(record.name)) {
    return describeUser(record);
  }
  const values = Object.values(record);
  const listing =
    values.length > 3 && values.every((v) => typeof v === 'string');
  return listing ? describeListing(record, noun) : describeFields(record);
}
