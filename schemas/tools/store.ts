import * as z from 'zod';

/**
 * Inputs of the store's tools, in the shape of the τ-bench retail tools.
 * Each message names the field, so a rejected call tells the model what to
 * fix.
 */
export const OrderIdSchema = z
  .string()
  .regex(/^#W\d{7}$/, { message: "order_id looks like '#W0000000'" });

export const UserIdSchema = z.string().regex(/^[a-z]+_[a-z]+_\d{4}$/, {
  message: "user_id looks like 'sara_doe_4960'",
});

export const ProductIdSchema = z
  .string()
  .regex(/^\d{10}$/, { message: 'product_id is 10 digits' });

/** A 10-digit item id: one variant of a product. */
export const ItemIdSchema = z
  .string()
  .regex(/^\d{10}$/, { message: 'item_id is 10 digits' });

export const PaymentMethodIdSchema = z
  .string()
  .regex(/^(credit_card|paypal|gift_card)_\d{7}$/, {
    message: "payment_method_id looks like 'credit_card_0000000'",
  });

/** Why a pending order is cancelled: the two reasons the policy accepts. */
export const CANCEL_REASONS = [
  'no longer needed',
  'ordered by mistake',
] as const;

/** Most item ids one call may name: more than any order holds. */
const MAX_ITEM_IDS = 50;

const itemIds = (field: string) =>
  z
    .array(ItemIdSchema, { message: `${field} is a list of item ids` })
    .min(1, { message: `${field} names at least one item id` })
    .max(MAX_ITEM_IDS, {
      message: `${field} names at most ${MAX_ITEM_IDS} item ids`,
    });

const line = (field: string) =>
  z
    .string({ message: `${field} is text` })
    .min(1, { message: `${field} is required` })
    .max(100, { message: `${field} is at most 100 characters` });

/** The address fields of the two address tools, in τ-bench's order. */
const addressFields = {
  address1: line('address1'),
  address2: z
    .string({ message: "address2 is text, '' when there is none" })
    .max(100, { message: 'address2 is at most 100 characters' }),
  city: line('city'),
  state: line('state'),
  country: line('country'),
  zip: z.string().regex(/^\d{5}$/, { message: 'zip is 5 digits' }),
};

export const FindUserIdByEmailInputSchema = z.strictObject({
  email: z.email(),
});

export const FindUserIdByNameZipInputSchema = z.strictObject({
  first_name: z.string().min(1).max(60),
  last_name: z.string().min(1).max(60),
  zip: z.string().regex(/^\d{5}$/, { message: 'zip is 5 digits' }),
});

export const GetUserDetailsInputSchema = z.strictObject({
  user_id: UserIdSchema,
});

export const GetOrderDetailsInputSchema = z.strictObject({
  order_id: OrderIdSchema,
});

export const GetProductDetailsInputSchema = z.strictObject({
  product_id: ProductIdSchema,
});

export const ListAllProductTypesInputSchema = z.strictObject({});

export const CancelPendingOrderInputSchema = z.strictObject({
  order_id: OrderIdSchema,
  reason: z.enum(CANCEL_REASONS, {
    message: "reason is 'no longer needed' or 'ordered by mistake'",
  }),
});
export type CancelPendingOrderInput = z.infer<
  typeof CancelPendingOrderInputSchema
>;

export const ModifyPendingOrderAddressInputSchema = z.strictObject({
  order_id: OrderIdSchema,
  ...addressFields,
});
export type ModifyPendingOrderAddressInput = z.infer<
  typeof ModifyPendingOrderAddressInputSchema
>;

export const ModifyPendingOrderPaymentInputSchema = z.strictObject({
  order_id: OrderIdSchema,
  payment_method_id: PaymentMethodIdSchema,
});
export type ModifyPendingOrderPaymentInput = z.infer<
  typeof ModifyPendingOrderPaymentInputSchema
>;

export const ModifyPendingOrderItemsInputSchema = z.strictObject({
  order_id: OrderIdSchema,
  item_ids: itemIds('item_ids'),
  new_item_ids: itemIds('new_item_ids'),
  payment_method_id: PaymentMethodIdSchema,
});
export type ModifyPendingOrderItemsInput = z.infer<
  typeof ModifyPendingOrderItemsInputSchema
>;

export const ReturnDeliveredOrderItemsInputSchema = z.strictObject({
  order_id: OrderIdSchema,
  item_ids: itemIds('item_ids'),
  payment_method_id: PaymentMethodIdSchema,
});
export type ReturnDeliveredOrderItemsInput = z.infer<
  typeof ReturnDeliveredOrderItemsInputSchema
>;

export const ExchangeDeliveredOrderItemsInputSchema = z.strictObject({
  order_id: OrderIdSchema,
  item_ids: itemIds('item_ids'),
  new_item_ids: itemIds('new_item_ids'),
  payment_method_id: PaymentMethodIdSchema,
});
export type ExchangeDeliveredOrderItemsInput = z.infer<
  typeof ExchangeDeliveredOrderItemsInputSchema
>;

export const ModifyUserAddressInputSchema = z.strictObject({
  user_id: UserIdSchema,
  ...addressFields,
});
export type ModifyUserAddressInput = z.infer<
  typeof ModifyUserAddressInputSchema
>;
