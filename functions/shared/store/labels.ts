import type {
  Order,
  PaymentMethod,
  Product,
  User,
} from '../../../schemas/store';

/** Names a customer knows, by the ids a tool's input holds. */
export type Labels = Readonly<Record<string, string>>;

/**
 * What the customer calls the items and payment methods of an order:
 * `Sleeping Pad (regular, green)` for an item id, `Visa card ending 4242`
 * for a payment method id. Variants of `products` are named too, so the
 * items an exchange would bring have names as well.
 */
export function orderLabels(
  order: Order,
  user: User,
  products: Iterable<Product> = [],
): Labels {
  const labels: Record<string, string> = {};
  for (const product of products) {
    for (const variant of Object.values(product.variants)) {
      labels[variant.item_id] = itemLabel(product.name, variant.options);
    }
  }
  for (const item of order.items) {
    labels[item.item_id] = itemLabel(item.name, item.options);
  }
  const methods = Object.entries(user.payment_methods).map(
    ([id, method]) => [id, paymentLabel(method)] as const,
  );
  for (const [id, label] of methods) {
    // Two gift cards read alike: the id tells them apart.
    const shared = methods.filter(([, other]) => other === label).length > 1;
    labels[id] = shared ? `${label} ${id}` : label;
  }
  return labels;
}

function itemLabel(name: string, options: Readonly<Record<string, string>>) {
  const values = Object.values(options).filter((value) => value !== '');
  return values.length > 0 ? `${name} (${values.join(', ')})` : name;
}

function paymentLabel(method: PaymentMethod): string {
  switch (method.source) {
    case 'credit_card':
      return `${capitalised(method.brand)} card ending ${method.last_four}`;
    case 'gift_card':
      return 'gift card';
    case 'paypal':
      return 'PayPal account';
  }
}

const capitalised = (text: string) =>
  text.charAt(0).toUpperCase() + text.slice(1);
