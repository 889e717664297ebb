import * as z from 'zod';

/** Inputs of the store's read tools, in the shape of the τ-bench retail tools. */
export const OrderIdSchema = z
  .string()
  .regex(/^#W\d{7}$/, { message: "order_id looks like '#W0000000'" });

export const UserIdSchema = z.string().regex(/^[a-z]+_[a-z]+_\d{4}$/, {
  message: "user_id looks like 'sara_doe_4960'",
});

export const ProductIdSchema = z
  .string()
  .regex(/^\d{10}$/, { message: 'product_id is 10 digits' });

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
