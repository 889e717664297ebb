import { crc32, deflateRawSync } from 'node:zlib';

/** A file to put in a test archive. */
export interface ZipFileSpec {
  readonly name: string;
  readonly data: string | Buffer;
  /** @default 'deflated' */
  readonly method?: 'stored' | 'deflated';
}

/**
 * A zip archive laid out as the CDK's asset packaging writes one: local
 * headers with sizes and CRC, then the central directory and its end
 * record. Tests change bytes of it to make damaged archives.
 */
export function makeZip(files: readonly ZipFileSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name);
    const data = Buffer.from(file.data);
    const deflated = (file.method ?? 'deflated') === 'deflated';
    const stored = deflated ? deflateRawSync(data) : data;
    const fields = {
      method: deflated ? 8 : 0,
      crc: crc32(data),
      compressed: stored.length,
      size: data.length,
      name: name.length,
    };
    const local = Buffer.concat([localHeader(fields), name, stored]);
    centrals.push(Buffer.concat([centralHeader(fields, offset), name]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([
    ...locals,
    directory,
    endRecord(files.length, directory.length, offset),
  ]);
}

interface Fields {
  readonly method: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
  readonly name: number;
}

function localHeader(f: Fields): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(f.method, 8);
  b.writeUInt16LE(0x21, 12); // 1980-01-01, as the CDK stamps every entry
  b.writeUInt32LE(f.crc, 14);
  b.writeUInt32LE(f.compressed, 18);
  b.writeUInt32LE(f.size, 22);
  b.writeUInt16LE(f.name, 26);
  return b;
}

function centralHeader(f: Fields, offset: number): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(0x031e, 4);
  b.writeUInt16LE(20, 6);
  b.writeUInt16LE(f.method, 10);
  b.writeUInt16LE(0x21, 14);
  b.writeUInt32LE(f.crc, 16);
  b.writeUInt32LE(f.compressed, 20);
  b.writeUInt32LE(f.size, 24);
  b.writeUInt16LE(f.name, 28);
  b.writeUInt32LE(offset, 42);
  return b;
}

function endRecord(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b;
}
