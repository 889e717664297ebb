import { chunkText } from './chunk';
import type { SearchIndex } from './rank';

/** A passage as the retrieve step stores it, without its score. */
export interface PassageView {
  /** `<documentId>#<n>`. */
  readonly id: string;
  readonly documentId: string;
  readonly title: string;
  readonly url?: string;
  readonly heading: string;
  /** Heading line and body: what the model reads. */
  readonly text: string;
}

export function passageAt(index: SearchIndex, c: number): PassageView {
  const chunk = index.file.chunks[c];
  const doc = chunk && index.file.documents[chunk.d];
  if (!chunk || !doc) throw new RangeError(`No passage at ${c}`);
  return {
    id: `${doc.id}#${index.chunkNumbers[c]}`,
    documentId: doc.id,
    title: doc.title,
    ...(doc.url ? { url: doc.url } : {}),
    heading: chunk.h,
    text: chunkText({ heading: chunk.h, body: chunk.t }),
  };
}
