import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { AssetObject } from '../../schemas/tenant-assets';
import { s3 } from '../shared/clients/s3';
import { InvariantError } from '../shared/errors';

/** The bytes of an uploaded asset. */
export async function readAssetObject(asset: AssetObject): Promise<Buffer> {
  const { Body } = await s3.send(
    new GetObjectCommand({ Bucket: asset.bucket, Key: asset.key }),
  );
  if (!Body) {
    throw new InvariantError(
      `Asset s3://${asset.bucket}/${asset.key} is empty`,
    );
  }
  return Buffer.from(await Body.transformToByteArray());
}
