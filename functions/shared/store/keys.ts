import { tenantPk } from '../keys';

/**
 * Key layout of the Store table (`TABLES.store`). Every key starts with the
 * tenant (`T#<tenantId>`), so one table holds many stores.
 *
 * - user: pk `T#<t>#USER#<userId>`, sk `USER`;
 *   gsi1 `T#<t>#EMAIL#<email>` / `U#<userId>`
 * - name and zip lookup: pk `T#<t>#USER#<userId>`, sk `LOOKUP#NAME_ZIP`;
 *   gsi1 `T#<t>#NAME_ZIP#<zip>#<first>#<last>` / `U#<userId>`
 * - order: pk `T#<t>#ORDER#<orderId>`, sk `ORDER`
 * - product: pk `T#<t>#PRODUCTS`, sk `PRODUCT#<productId>`
 *
 * Emails and names are lower-cased and each part is URI-encoded, so lookups
 * ignore case and a `#` inside a value cannot shift the parts. The gsi1 sort
 * key carries the user id, so lookups work with any index projection. All
 * products of a tenant share one partition: listing them is one Query.
 */
const part = (value: string) => encodeURIComponent(value.toLowerCase());

export const STORE_SK = {
  user: 'USER',
  nameZipLookup: 'LOOKUP#NAME_ZIP',
  order: 'ORDER',
  product: (productId: string) => `PRODUCT#${productId}`,
  productPrefix: 'PRODUCT#',
} as const;

export const userPk = (tenantId: string, userId: string) =>
  `${tenantPk(tenantId)}#USER#${userId}`;

export const orderPk = (tenantId: string, orderId: string) =>
  `${tenantPk(tenantId)}#ORDER#${orderId}`;

export const productsPk = (tenantId: string) =>
  `${tenantPk(tenantId)}#PRODUCTS`;

export const emailGsiPk = (tenantId: string, email: string) =>
  `${tenantPk(tenantId)}#EMAIL#${part(email)}`;

export const nameZipGsiPk = (
  tenantId: string,
  firstName: string,
  lastName: string,
  zip: string,
) =>
  [`${tenantPk(tenantId)}#NAME_ZIP`, zip, firstName, lastName]
    .map((value, i) => (i === 0 ? value : part(value)))
    .join('#');

/** gsi1 sort key of both user lookups: it carries the user id. */
export const USER_GSI_SK_PREFIX = 'U#';
export const userGsiSk = (userId: string) => `${USER_GSI_SK_PREFIX}${userId}`;
