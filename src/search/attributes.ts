import { TOPIC_LABELS } from '../parse/topics';
import type { DocRecord } from '../types';

/** Attributes every engine derives the same way, for sorting and filtering. */

/** Publication date as yyyymmdd; a document with a year only sorts as that year's last day; 0 for neither. */
export function dateKey(doc: Pick<DocRecord, 'published' | 'year'>): number {
  return doc.published ? Number(doc.published.replace(/-/g, '')) : doc.year ? doc.year * 10000 + 1231 : 0;
}

/** Topics as a bit mask over TOPIC_LABELS (bit i ↔ TOPIC_LABELS[i]); unknown labels add nothing. */
export function topicMask(topics: string[]): number {
  return topics.reduce((mask, t) => (TOPIC_LABELS.includes(t) ? mask | (1 << TOPIC_LABELS.indexOf(t)) : mask), 0);
}
