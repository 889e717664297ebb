import { IntentModelFormatError, IntentModelVersionError } from './errors';
import type { FeatureOptions } from './features';
import type { IntentModel } from './model';
import { buildTable } from './vocabulary';

/**
 * The model artifact: `FLIM`, a format version (uint32), the byte length
 * of a JSON header (uint32), the header, then the typed arrays in header
 * order, each starting on a 4-byte boundary, little-endian. Loading copies
 * each array once and rebuilds the feature table, so a cold start pays
 * milliseconds, not a retraining.
 */
const MAGIC = 0x4d494c46; // 'FLIM' read little-endian
const FORMAT = 'frontline-intent-model';

/**
 * The format version {@link serializeModel} writes and
 * {@link deserializeModel} reads. Raise it with any change to the layout:
 * the stored artifact's META records it, so a new version retrains every
 * tenant at the next seed or deploy instead of keeping an artifact this
 * code cannot read.
 */
export const INTENT_ARTIFACT_VERSION = 1;

/**
 * The artifact's format as the deployment names it to each tenant's
 * assets resource, so an upgrade that changes it retrains the tenants.
 */
export const INTENT_ARTIFACT_FORMAT_ID = `${FORMAT}/${INTENT_ARTIFACT_VERSION}`;

interface Header {
  readonly labels: readonly string[];
  readonly features: FeatureOptions;
  readonly charWeight: number;
  readonly temperature: number;
  readonly rejectionThreshold: number;
  readonly rows: number;
  readonly entries: number;
}

/** Row lengths and class ids take one byte each up to 255 intents. */
const narrow = (labels: number) => labels <= 255;

function arrayTypes(labels: number) {
  const Small = narrow(labels) ? Uint8Array : Uint16Array;
  return [
    ['hashes', Uint32Array, 'rows'],
    ['idf', Float32Array, 'rows'],
    ['rowScales', Float32Array, 'rows'],
    ['rowLengths', Small, 'rows'],
    ['bias', Float32Array, 'labels'],
    ['classIds', Small, 'entries'],
    ['weights', Int8Array, 'entries'],
  ] as const;
}

type ArrayName = ReturnType<typeof arrayTypes>[number][0];

const align = (offset: number) => Math.ceil(offset / 4) * 4;

function arraysOf(model: IntentModel): Record<ArrayName, ArrayBufferView> {
  const Small = narrow(model.labels.length) ? Uint8Array : Uint16Array;
  const rowLengths = new Small(model.rowEnds.length);
  model.rowEnds.forEach((end, row) => {
    rowLengths[row] =
      end - (row === 0 ? 0 : (model.rowEnds[row - 1] as number));
  });
  const classIds = Small.from(model.classIds);
  return { ...model, hashes: model.table.hashes, rowLengths, classIds };
}

/** Writes a model as a compact binary artifact (see the format above). */
export function serializeModel(model: IntentModel): Uint8Array {
  const header: Header = {
    labels: model.labels,
    features: model.features,
    charWeight: model.charWeight,
    temperature: model.temperature,
    rejectionThreshold: model.rejectionThreshold,
    rows: model.idf.length,
    entries: model.weights.length,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const arrays = arraysOf(model);
  let size = align(12 + json.length);
  const types = arrayTypes(model.labels.length);
  for (const [name] of types) size = align(size + arrays[name].byteLength);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, INTENT_ARTIFACT_VERSION, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  let offset = align(12 + json.length);
  for (const [name] of types) {
    const array = arrays[name];
    bytes.set(
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
      offset,
    );
    offset = align(offset + array.byteLength);
  }
  return bytes;
}

/**
 * Reads a model written by {@link serializeModel}.
 *
 * @throws IntentModelVersionError when the model is of another format
 * version, and IntentModelFormatError when the bytes are not such a model.
 */
export function deserializeModel(bytes: Uint8Array): IntentModel {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || view.getUint32(0, true) !== MAGIC) {
    throw new IntentModelFormatError('Not an intent model artifact');
  }
  const version = view.getUint32(4, true);
  if (version !== INTENT_ARTIFACT_VERSION) {
    throw new IntentModelVersionError(version, INTENT_ARTIFACT_VERSION);
  }
  const header = readHeader(bytes, view.getUint32(8, true));
  const arrays = readArrays(bytes, header, view.getUint32(8, true));
  return {
    labels: header.labels,
    features: header.features,
    charWeight: header.charWeight,
    temperature: header.temperature,
    rejectionThreshold: header.rejectionThreshold,
    table: buildTable(arrays.hashes as Uint32Array),
    idf: arrays.idf as Float32Array,
    rowScales: arrays.rowScales as Float32Array,
    rowEnds: cumulative(arrays.rowLengths as Uint8Array | Uint16Array),
    bias: arrays.bias as Float32Array,
    classIds: Uint16Array.from(arrays.classIds as Uint8Array | Uint16Array),
    weights: arrays.weights as Int8Array,
  };
}

function readHeader(bytes: Uint8Array, length: number): Header {
  if (12 + length > bytes.byteLength) {
    throw new IntentModelFormatError('Intent model header is truncated');
  }
  try {
    return JSON.parse(
      new TextDecoder().decode(bytes.subarray(12, 12 + length)),
    );
  } catch (error) {
    throw new IntentModelFormatError('Intent model header is not JSON', {
      cause: error,
    });
  }
}

function readArrays(bytes: Uint8Array, header: Header, headerLength: number) {
  const lengths = {
    rows: header.rows,
    labels: header.labels.length,
    entries: header.entries,
  };
  const arrays = {} as Record<ArrayName, ArrayBufferView>;
  let offset = align(12 + headerLength);
  for (const [name, Type, length] of arrayTypes(header.labels.length)) {
    const byteLength = lengths[length] * Type.BYTES_PER_ELEMENT;
    if (offset + byteLength > bytes.byteLength) {
      throw new IntentModelFormatError(`Intent model is truncated at ${name}`);
    }
    const copy = new Uint8Array(bytes.subarray(offset, offset + byteLength));
    arrays[name] = new Type(copy.buffer, 0, lengths[length]);
    offset = align(offset + byteLength);
  }
  return arrays;
}

function cumulative(lengths: Uint8Array | Uint16Array): Uint32Array {
  const ends = new Uint32Array(lengths.length);
  let total = 0;
  for (let row = 0; row < lengths.length; row++) {
    total += lengths[row] as number;
    ends[row] = total;
  }
  return ends;
}
