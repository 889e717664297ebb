import * as z from 'zod';
import {
  ItemIdSchema,
  OrderIdSchema,
  PaymentMethodIdSchema,
  ProductIdSchema,
  UserIdSchema,
} from './tools/store';

export { ItemIdSchema, PaymentMethodIdSchema };

/**
 * Records of the demo store's backend, in the shapes of the τ-bench retail
 * data (users, orders, products keyed by id). Inside Frontline money is
 * integer cents; the τ-bench JSON carries dollars with cents. `STORE_JSON`
 * holds codecs between the two: `parse` turns dollars into cents, and
 * `z.encode` turns cents back into dollars at the tool-result edge.
 * Stored users and orders also carry Frontline's bookkeeping (`revision`,
 * `writes`), which the τ-bench JSON never shows.
 */

/** An amount of money in integer cents (negative for a refund difference). */
export const CentsSchema = z.number().int();
export type Cents = z.infer<typeof CentsSchema>;

/**
 * Integer cents of an amount in dollars. The τ-bench data carries float
 * noise (`1819.9199999999998`), so the amount is rounded to the nearest
 * cent; halves round away from zero, so a sign never changes the size of
 * an amount, and the result is never `-0`.
 */
export function dollarsToCents(dollars: number): Cents {
  const cents = Math.round(Math.abs(dollars) * 100);
  return dollars < 0 && cents !== 0 ? -cents : cents;
}

/**
 * Dollars of an amount in integer cents. Dividing an integer by 100 gives
 * the double nearest the decimal, so `1663` prints as `16.63`.
 */
export const centsToDollars = (cents: Cents): number => cents / 100;

/** Dollars with cents in the JSON, integer cents once parsed. */
export const DollarsSchema = z.codec(z.number(), CentsSchema, {
  decode: dollarsToCents,
  encode: centsToDollars,
});

export const OrderStatusSchema = z.enum([
  'pending',
  'pending (item modified)',
  'processed',
  'delivered',
  'cancelled',
  'return requested',
  'exchange requested',
]);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const AddressSchema = z.object({
  address1: z.string().min(1),
  address2: z.string(),
  city: z.string().min(1),
  country: z.string().min(1),
  state: z.string().min(1),
  zip: z.string().min(1),
});
export type Address = z.infer<typeof AddressSchema>;

const OptionsSchema = z.record(z.string(), z.string());

/** The record shapes, built around one money schema. */
function storeRecords<Money extends z.ZodType<number, number>>(money: Money) {
  const paymentMethod = z.discriminatedUnion('source', [
    z.object({
      source: z.literal('credit_card'),
      brand: z.string().min(1),
      last_four: z.string().regex(/^\d{4}$/),
      id: PaymentMethodIdSchema,
    }),
    z.object({ source: z.literal('paypal'), id: PaymentMethodIdSchema }),
    z.object({
      source: z.literal('gift_card'),
      balance: money,
      id: PaymentMethodIdSchema,
    }),
  ]);

  const user = z.object({
    name: z.object({
      first_name: z.string().min(1),
      last_name: z.string().min(1),
    }),
    address: AddressSchema,
    email: z.string().min(3),
    payment_methods: z.record(PaymentMethodIdSchema, paymentMethod),
    orders: z.array(OrderIdSchema),
  });

  const order = z.object({
    order_id: OrderIdSchema,
    user_id: UserIdSchema,
    address: AddressSchema,
    items: z.array(
      z.object({
        name: z.string().min(1),
        product_id: ProductIdSchema,
        item_id: ItemIdSchema,
        price: money,
        options: OptionsSchema,
      }),
    ),
    fulfillments: z.array(
      z.object({
        tracking_id: z.array(z.string().min(1)),
        item_ids: z.array(ItemIdSchema),
      }),
    ),
    status: OrderStatusSchema,
    payment_history: z.array(
      z.object({
        transaction_type: z.enum(['payment', 'refund']),
        amount: money,
        payment_method_id: PaymentMethodIdSchema,
      }),
    ),
    /** Set when a pending order was cancelled. */
    cancel_reason: z.string().optional(),
    /** Set when a return of delivered items was requested. */
    return_items: z.array(ItemIdSchema).optional(),
    return_payment_method_id: PaymentMethodIdSchema.optional(),
    /** Set when an exchange of delivered items was requested. */
    exchange_items: z.array(ItemIdSchema).optional(),
    exchange_new_items: z.array(ItemIdSchema).optional(),
    exchange_payment_method_id: PaymentMethodIdSchema.optional(),
    /** What the customer pays (positive) or gets back (negative). */
    exchange_price_difference: money.optional(),
  });

  const product = z.object({
    name: z.string().min(1),
    product_id: ProductIdSchema,
    variants: z.record(
      ItemIdSchema,
      z.object({
        item_id: ItemIdSchema,
        options: OptionsSchema,
        available: z.boolean(),
        price: money,
      }),
    ),
  });

  return { paymentMethod, user, order, product };
}

const inCents = storeRecords(CentsSchema);

/**
 * A write call applied to a record, kept so that the same call repeated
 * with the same idempotency key changes nothing and returns what the first
 * one returned.
 */
export const AppliedWriteSchema = z.object({
  /** The idempotency key the caller gave. */
  key: z.string().min(1).max(200),
  /** Hash of the tool name and input: a key names one call only. */
  fingerprint: z.string().min(1),
  /** JSON text of the tool's result, on the record the tool returned. */
  result: z.string().optional(),
  /**
   * Gift card balance changes (cents by payment method id) the call makes
   * on the order's user after writing the order; on the order, so that a
   * repeated call can finish them.
   */
  gift_card_changes: z.record(PaymentMethodIdSchema, CentsSchema).optional(),
  /**
   * JSON text of the order before the call (with its revision, without
   * its log), on calls that debit a gift card: when the balance no longer
   * covers the debit by the time it is made, the order is put back.
   */
  undo: z.string().optional(),
});
export type AppliedWrite = z.infer<typeof AppliedWriteSchema>;

/**
 * Fields Frontline keeps on users and orders beyond τ-bench's shape. They
 * never appear in tool results or in the τ-bench JSON.
 */
const bookkeeping = {
  /** Counts the conditional writes of the record; absent means 0. */
  revision: z.number().int().min(0).optional(),
  /** The latest write calls applied to the record, oldest first. */
  writes: z.array(AppliedWriteSchema).optional(),
};

/** A payment method; a gift card's balance is in cents. */
export const PaymentMethodSchema = inCents.paymentMethod;
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

/** A customer of the store, as stored (money in cents). */
export const UserSchema = inCents.user.extend(bookkeeping);
export type User = z.infer<typeof UserSchema>;

/** An order, as stored (money in cents). */
export const OrderSchema = inCents.order.extend(bookkeeping);
export type Order = z.infer<typeof OrderSchema>;
export type OrderItem = Order['items'][number];

/** A product type with its variants, as stored (money in cents). */
export const ProductSchema = inCents.product;
export type Product = z.infer<typeof ProductSchema>;
export type ProductVariant = Product['variants'][string];

const inDollars = storeRecords(DollarsSchema);

/**
 * Codecs between the τ-bench JSON (dollars) and the stored records (cents),
 * per record and per file (`users.json`, `orders.json`, `products.json`).
 */
export const STORE_JSON = {
  user: inDollars.user,
  order: inDollars.order,
  product: inDollars.product,
  users: z.record(UserIdSchema, inDollars.user),
  orders: z.record(OrderIdSchema, inDollars.order),
  products: z.record(ProductIdSchema, inDollars.product),
} as const;

/** The τ-bench JSON files of a store, as read (money in dollars). */
export interface StoreJson {
  readonly users: z.input<typeof STORE_JSON.users>;
  readonly orders: z.input<typeof STORE_JSON.orders>;
  readonly products: z.input<typeof STORE_JSON.products>;
}

/** All records of a store, keyed by id (money in cents). */
export interface StoreData {
  readonly users: Readonly<Record<string, User>>;
  readonly orders: Readonly<Record<string, Order>>;
  readonly products: Readonly<Record<string, Product>>;
}
