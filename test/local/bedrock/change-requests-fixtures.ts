import {
  converse,
  demoResult,
  type Message,
  round,
  user,
} from './change-driver';

export const MAYA = 'maya_lindqvist_2417';
export const STOVE = '6587062274';
export const PAD = '5917732742';
export const SOCKS = '4534859961';

/** The customer's text, then the order lookup with the demo's record. */
export async function afterOrderLookup(text: string, orderId: string) {
  const order = await demoResult('get_order_details', { order_id: orderId });
  return [
    user(text),
    ...round('get_order_details', { order_id: orderId }, order),
  ];
}

/** The model's answer; a profile it looks up is answered from the demo. */
export async function withProfile(messages: Message[]) {
  const first = converse(messages);
  if (first.use?.name !== 'get_user_details') return first;
  const input = first.use.input as { user_id: string };
  const profile = await demoResult('get_user_details', input);
  return converse([...messages, ...round(first.use.name, input, profile)]);
}
