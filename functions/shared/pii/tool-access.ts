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

/** The types `reidentifyInput` may restore for a tool; none if unlisted. */
export function piiTypesForTool(toolName: string): readonly PiiType[] {
  return TOOL_PII_ACCESS[toolName] ?? [];
}
