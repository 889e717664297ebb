import type { Order, Product, User } from '../../../schemas/store';
import type { PutOptions } from './adapter';
import {
  emailGsiPk,
  nameZipGsiPk,
  orderPk,
  productsPk,
  STORE_SK,
  userGsiSk,
  userPk,
} from './keys';

/**
 * Items of the Store table built from records (see `./keys` for the key
 * layout), and the condition of a put that expects a revision.
 */
export type Item = Record<string, unknown>;

/** The user's name and zip lookup item, then the user item itself. */
export function userItems(
  tenantId: string,
  userId: string,
  user: User,
): [lookup: Item, user: Item] {
  const pk = userPk(tenantId, userId);
  const { first_name, last_name } = user.name;
  return [
    {
      pk,
      sk: STORE_SK.nameZipLookup,
      gsi1pk: nameZipGsiPk(tenantId, first_name, last_name, user.address.zip),
      gsi1sk: userGsiSk(userId),
    },
    {
      pk,
      sk: STORE_SK.user,
      gsi1pk: emailGsiPk(tenantId, user.email),
      gsi1sk: userGsiSk(userId),
      ...user,
    },
  ];
}

export const orderItem = (tenantId: string, order: Order): Item => ({
  pk: orderPk(tenantId, order.order_id),
  sk: STORE_SK.order,
  ...order,
});

export const productItem = (tenantId: string, product: Product): Item => ({
  pk: productsPk(tenantId),
  sk: STORE_SK.product(product.product_id),
  ...product,
});

/** The record with the revision a conditional put stores. */
export function revised<T extends { revision?: number }>(
  record: T,
  { expectedRevision }: PutOptions,
): T {
  return expectedRevision === undefined
    ? record
    : { ...record, revision: expectedRevision + 1 };
}

/**
 * The condition of a put that expects `revision`: the item exists and has
 * that revision (no attribute at all counts as revision 0).
 */
export function revisionCondition(revision: number | undefined) {
  if (revision === undefined) return {};
  const ConditionExpression =
    revision === 0
      ? 'attribute_exists(pk) AND ' +
        '(attribute_not_exists(#revision) OR #revision = :revision)'
      : '#revision = :revision';
  return {
    ConditionExpression,
    ExpressionAttributeNames: { '#revision': 'revision' },
    ExpressionAttributeValues: { ':revision': revision },
  };
}
