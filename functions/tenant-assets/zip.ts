import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { ValidationError } from '../shared/errors';

/**
 * Reads the zip archives the CDK uploads for a folder asset: stored or
 * deflated entries, found through the central directory. Zip64 archives
 * (over 65,535 entries or 4 GiB) and encrypted entries are refused.
 */

/** A file of an archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated, never leaving it. */
  readonly path: string;
  readonly data: Buffer;
}

export interface ZipLimits {
  /** Most bytes the files may hold together, uncompressed. */
  readonly maxBytes: number;
}

/** 256 MiB: well under a function's 512 MB of `/tmp`. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxBytes: 256 * 1024 * 1024 };

const SIGNATURE = {
  end: 0x06054b50,
  central: 0x02014b50,
  local: 0x04034b50,
} as const;
const END_SIZE = 22;
const METHOD = { stored: 0, deflated: 8 } as const;

/**
 * The files of a zip archive (folders left out). Throws a
 * `ValidationError` naming the entry when the archive is damaged, uses a
 * feature it does not read, or an entry's path leaves the archive.
 */
export function readZip(
  archive: Buffer,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipEntry[] {
  const end = findEnd(archive);
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) {
    throw new ValidationError('Zip64 archives are not supported');
  }

  const entries: ZipEntry[] = [];
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    const header = centralHeader(archive, at);
    at = header.next;
    if (header.name.endsWith('/')) continue;
    total += header.size;
    if (total > limits.maxBytes) {
      throw new ValidationError(
        `Zip archive holds more than ${limits.maxBytes} bytes`,
      );
    }
    entries.push({
      path: safePath(header.name),
      data: entryData(archive, header),
    });
  }
  return entries;
}

/**
 * Writes the files of a zip archive under `dir`. Returns how many it
 * wrote.
 */
export async function extractZip(
  archive: Buffer,
  dir: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<number> {
  const entries = readZip(archive, limits);
  for (const entry of entries) {
    const file = join(dir, ...entry.path.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, entry.data);
  }
  return entries.length;
}

interface CentralHeader {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  /** Offset of the next central directory header. */
  readonly next: number;
}

/** Offset of the end-of-central-directory record, searched from the end. */
function findEnd(archive: Buffer): number {
  const lowest = Math.max(0, archive.length - END_SIZE - 0xffff);
  for (let at = archive.length - END_SIZE; at >= lowest; at -= 1) {
    if (archive.readUInt32LE(at) === SIGNATURE.end) return at;
  }
  throw new ValidationError('Not a zip archive: no end of central directory');
}

function centralHeader(archive: Buffer, at: number): CentralHeader {
  if (
    at + 46 > archive.length ||
    archive.readUInt32LE(at) !== SIGNATURE.central
  ) {
    throw new ValidationError(
      `Damaged zip archive: no central directory header at byte ${at}`,
    );
  }
  const nameLength = archive.readUInt16LE(at + 28);
  const skipped = archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  return {
    flags: archive.readUInt16LE(at + 8),
    method: archive.readUInt16LE(at + 10),
    crc: archive.readUInt32LE(at + 16),
    compressedSize: archive.readUInt32LE(at + 20),
    size: archive.readUInt32LE(at + 24),
    localOffset: archive.readUInt32LE(at + 42),
    name: archive.toString('utf8', at + 46, at + 46 + nameLength),
    next: at + 46 + nameLength + skipped,
  };
}

function entryData(archive: Buffer, header: CentralHeader): Buffer {
  const at = header.localOffset;
  if (
    at + 30 > archive.length ||
    archive.readUInt32LE(at) !== SIGNATURE.local
  ) {
    throw new ValidationError(`Damaged zip archive: ${header.name} is missing`);
  }
  if (header.flags & 1) {
    throw new ValidationError(`${header.name} is encrypted`);
  }
  const start =
    at + 30 + archive.readUInt16LE(at + 26) + archive.readUInt16LE(at + 28);
  const stored = archive.subarray(start, start + header.compressedSize);
  const data = decompress(stored, header);
  if (data.length !== header.size || crc32(data) !== header.crc) {
    throw new ValidationError(`Damaged zip archive: ${header.name} is corrupt`);
  }
  return data;
}

function decompress(stored: Buffer, header: CentralHeader): Buffer {
  if (header.method === METHOD.stored) return stored;
  if (header.method !== METHOD.deflated) {
    throw new ValidationError(
      `${header.name} uses compression method ${header.method}; ` +
        'only stored and deflated entries are read',
    );
  }
  try {
    return inflateRawSync(stored, { maxOutputLength: header.size + 1 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(
      `Damaged zip archive: ${header.name} does not inflate (${reason})`,
    );
  }
}

/** The entry's path, refused when absolute or climbing out with `..`. */
function safePath(name: string): string {
  const path = posix.normalize(name.replace(/\\/g, '/'));
  if (path.startsWith('/') || path === '..' || path.startsWith('../')) {
    throw new ValidationError(`Zip entry ${name} would leave the archive`);
  }
  return path;
}
