import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../functions/shared/errors';
import { extractZip, readZip } from '../../functions/tenant-assets/zip';
import { makeZip } from '../support/zip';

const FILES = [
  { name: 'returns.md', data: '# Returns\nWithin 30 days.' },
  { name: 'guides/', data: '' },
  { name: 'guides/shipping.md', data: '# Shipping\n'.repeat(50) },
  { name: 'faq.json', data: '[]', method: 'stored' as const },
];

/** Offset of the first local header's CRC field. */
const FIRST_CRC = 14;

describe('readZip', () => {
  it('reads stored and deflated files and leaves folders out', () => {
    // Prepare
    const archive = makeZip(FILES);

    // Act
    const entries = readZip(archive);

    // Assess
    expect(entries.map((e) => [e.path, e.data.toString('utf8')])).toEqual([
      ['returns.md', '# Returns\nWithin 30 days.'],
      ['guides/shipping.md', '# Shipping\n'.repeat(50)],
      ['faq.json', '[]'],
    ]);
  });

  it('reads an archive with a trailing comment', () => {
    // Prepare
    const archive = makeZip(FILES);
    const comment = Buffer.from('made by a test');
    archive.writeUInt16LE(comment.length, archive.length - 2);

    // Act
    const entries = readZip(Buffer.concat([archive, comment]));

    // Assess
    expect(entries).toHaveLength(3);
  });

  it.each([
    ['../outside.md', 'Zip entry ../outside.md would leave the archive'],
    ['/etc/passwd', 'Zip entry /etc/passwd would leave the archive'],
    ['a/../../b.md', 'Zip entry a/../../b.md would leave the archive'],
    ['..\\win.md', 'Zip entry ..\\win.md would leave the archive'],
  ])('refuses the entry %s', (name, message) => {
    // Prepare
    const archive = makeZip([{ name, data: 'x' }]);

    // Act
    const act = () => readZip(archive);

    // Assess
    expect(act).toThrow(new ValidationError(message));
  });

  it.each([
    ['text that is no archive', () => Buffer.from('not a zip'), /^Not a zip/],
    [
      'a file whose CRC does not match',
      () => {
        const archive = makeZip(FILES);
        archive.writeUInt32LE(0, FIRST_CRC);
        const central = archive.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
        archive.writeUInt32LE(0, central + 16);
        return archive;
      },
      'Damaged zip archive: returns.md is corrupt',
    ],
    [
      'an encrypted file',
      () => {
        const archive = makeZip(FILES);
        const central = archive.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
        archive.writeUInt16LE(1, central + 8);
        return archive;
      },
      'returns.md is encrypted',
    ],
    [
      'a file compressed another way',
      () => {
        const archive = makeZip(FILES);
        const central = archive.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
        archive.writeUInt16LE(12, central + 10);
        return archive;
      },
      'returns.md uses compression method 12',
    ],
    [
      'a central directory pointing nowhere',
      () => {
        const archive = makeZip(FILES);
        archive.writeUInt32LE(3, archive.length - 6);
        return archive;
      },
      'Damaged zip archive: no central directory header at byte 3',
    ],
  ])('throws a ValidationError for %s', (_case, archive, message) => {
    // Act
    const act = () => readZip(archive());

    // Assess
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(message);
  });

  it('refuses an archive that unpacks to more than the limit', () => {
    // Prepare
    const archive = makeZip([{ name: 'big.md', data: 'x'.repeat(10_000) }]);

    // Act
    const act = () => readZip(archive, { maxBytes: 9_999 });

    // Assess
    expect(act).toThrow('Zip archive holds more than 9999 bytes');
  });
});

describe('extractZip', () => {
  it('writes every file under the folder', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'zip-'));

    // Act
    const count = await extractZip(makeZip(FILES), dir);

    // Assess
    const read = (path: string) => readFileSync(join(dir, path), 'utf8');
    expect(count).toBe(3);
    expect(read('guides/shipping.md')).toBe('# Shipping\n'.repeat(50));
    expect(read('faq.json')).toBe('[]');
    rmSync(dir, { recursive: true, force: true });
  });
});
