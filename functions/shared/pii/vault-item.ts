import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../../schemas/tables';
import { dynamo } from '../clients/dynamo';
import type { ConversationRef } from '../conversations';
import { conditionalWrite } from '../dynamo-errors';
import { requireEnv } from '../env';
import { InvariantError } from '../errors';
import { conversationPk, SK } from '../keys';
import { expiresAt } from '../retention';
import type { Sealed } from './sealed';

/**
 * The stored form of a conversation's vault, an item beside its messages:
 * the vault's JSON sealed with the conversation's data key, and that key as
 * KMS encrypted it. `version` counts writes, for optimistic concurrency.
 */
export interface VaultItem extends Sealed {
  readonly version: number;
  /** The data key as KMS encrypted it (`CiphertextBlob`). */
  readonly encryptedKey: Uint8Array;
  /** Entries in the vault: a count, safe to log. */
  readonly entries: number;
}

const table = () => requireEnv(TABLES.conversations.envVar);

export const vaultKey = (ref: ConversationRef) => ({
  pk: conversationPk(ref.tenantId, ref.conversationId),
  sk: SK.piiVault,
});

/**
 * What the ciphertext is bound to: a vault sealed for one conversation
 * does not open as another's, even with the same data key.
 */
export const vaultAssociatedData = (ref: ConversationRef) =>
  `frontline-pii-vault/v1|${vaultKey(ref).pk}`;

/** Reads the conversation's vault item, if it has one yet. */
export async function getVaultItem(
  ref: ConversationRef,
): Promise<VaultItem | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: table(),
      Key: vaultKey(ref),
      ConsistentRead: true,
    }),
  );
  return Item ? parseVaultItem(Item) : undefined;
}

/**
 * Writes the vault item if it is still at `previousVersion` (0: absent).
 * Returns `false` when another writer got there first.
 */
export function putVaultItem(
  ref: ConversationRef,
  item: VaultItem,
  previousVersion: number,
  now = new Date(),
): Promise<boolean> {
  const fresh = previousVersion === 0;
  return conditionalWrite(
    dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...vaultKey(ref),
          ...item,
          updatedAt: now.toISOString(),
          expiresAt: expiresAt(now),
        },
        ConditionExpression: fresh
          ? 'attribute_not_exists(pk)'
          : '#version = :previous',
        ...(fresh
          ? {}
          : {
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':previous': previousVersion },
            }),
      }),
    ),
  );
}

function parseVaultItem(item: Record<string, unknown>): VaultItem {
  const { version, entries, encryptedKey, iv, ciphertext } = item;
  if (
    typeof version !== 'number' ||
    typeof entries !== 'number' ||
    !(encryptedKey instanceof Uint8Array) ||
    !(iv instanceof Uint8Array) ||
    !(ciphertext instanceof Uint8Array)
  ) {
    throw new InvariantError(`Stored PII vault ${item.pk} is malformed`);
  }
  return { version, entries, encryptedKey, iv, ciphertext };
}
