import type { PiiType } from './types';

/**
 * The kinds of personal data each tool receives as values; every other
 * placeholder reaches it as written. Only tools that cannot work without
 * the value are listed: a lookup by email needs the email, an address
 * change the address. No tool receives cards, IBANs or national ids.
 */
export const TOOL_PII_ACCESS: Readonly<Record<string, readonly PiiType[]>> = {
  find_user_id_by_email: ['EMAIL'],
  modify_pending_order_address: ['ADDRESS'],
  modify_user_address: ['ADDRESS'],
};

/**
 * The types `reidentifyInput` may restore for a tool: what a tenant tool
 * declares in `personalData`, the list above for a built-in one; none
 * otherwise.
 */
export function piiTypesForTool(tool: {
  readonly name: string;
  readonly personalData?: readonly PiiType[];
}): readonly PiiType[] {
  return tool.personalData ?? TOOL_PII_ACCESS[tool.name] ?? [];
}
