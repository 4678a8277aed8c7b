import { normalizeQuery } from '../../normalize/normalize-text';
import type { ParsedDocument, Section } from '../../types';
import { PhraseIndex } from '../phrase-index';
import { lower } from '../query-parser';
import { dateKey, topicMask } from '../attributes';
import { FacetGroupTable } from '../facet-groups';

/**
 * Everything the in-process engine reads per query, laid out once at load: sections in document order with
 * typed columns (indexed by section), the facet group of each section, and the text indexes that exact terms
 * are looked up in. Built from the saved documents; holds no per-request state.
 */
export class ColumnStore {
  readonly docs: ParsedDocument[];
  readonly docIndex = new Map<string, number>();
  /** Sections of all documents, in document order. */
  readonly sections: Section[] = [];
  private readonly sectionIds = new Map<string, number>();
  /** Document of each section. */
  readonly sectionDoc: Int32Array;
  /** First section of each document; one extra entry, so document d's sections are [docStart[d], docStart[d + 1]). */
  readonly docStart: Int32Array;
  /** Section of each paragraph, paragraphs numbered across the whole collection. */
  readonly paragraphSection: Int32Array;
  /** Characters of paragraph text (norm) per section, for BM25's length normalization. */
  readonly length: Int32Array;
  readonly averageLength: number;
  /** Report year per section; 0 when unknown. */
  readonly year: Int32Array;
  /** Region code per section as a number; 999999 when unknown (sorts last among ties). */
  readonly regionCode: Int32Array;
  /** Publication date per section as yyyymmdd (the year's last day when only the year is known); 0 when neither. */
  readonly dateKey: Int32Array;
  /** Facet group of each section: the combination of region, year, part, kind and topics it counts under. */
  readonly group: Int32Array;
  readonly groups = new FacetGroupTable();
  /** Paragraph texts. */
  readonly paragraphs: PhraseIndex;
  /** Per section, the headings shown first at it (joined by line breaks). */
  readonly shownHeadings: PhraseIndex;
  /** Per section, every heading of its path, for `title:` terms. */
  readonly headingPaths: PhraseIndex;
  /** Per document: title, 文号 and issuer, matching forms. */
  readonly titles: PhraseIndex;
  readonly docNumbers: PhraseIndex;
  readonly issuers: PhraseIndex;
  /** Per document, the lower-cased title norm, for the bonus of a query that is the whole title. */
  readonly titleKeys: string[];

  constructor(docs: ParsedDocument[]) {
    this.docs = docs;
    const sectionDoc: number[] = [];
    const docStart: number[] = [];
    const paragraphSection: number[] = [];
    const paragraphTexts: string[] = [];
    const shown: string[] = [];
    const paths: string[] = [];
    const columns = { length: [] as number[], year: [] as number[], regionCode: [] as number[], dateKey: [] as number[], group: [] as number[] };
    let totalLength = 0;
    docs.forEach((doc, d) => {
      this.docIndex.set(doc.id, d);
      docStart.push(this.sections.length);
      const region = doc.region?.code ?? '';
      const date = dateKey(doc);
      for (const section of doc.sections) {
        let length = 0;
        for (const p of section.paragraphs) {
          paragraphSection.push(this.sections.length);
          paragraphTexts.push(p.norm);
          length += p.norm.length;
        }
        totalLength += length;
        shown.push(section.headings.slice(section.headings.length - section.shownHeadings).map((h) => h.norm).join('\n'));
        paths.push(section.headings.map((h) => h.norm).join('\n'));
        const g = this.groups.add({ region, year: doc.year, part: section.part, kind: doc.kind, topics: topicMask(section.topics) });
        sectionDoc.push(d);
        columns.length.push(length);
        columns.year.push(doc.year ?? 0);
        columns.regionCode.push(region ? Number(region) : 999999);
        columns.dateKey.push(date);
        columns.group.push(g);
        this.sectionIds.set(section.id, this.sections.length);
        this.sections.push(section);
      }
    });
    docStart.push(this.sections.length);
    this.sectionDoc = Int32Array.from(sectionDoc);
    this.docStart = Int32Array.from(docStart);
    this.paragraphSection = Int32Array.from(paragraphSection);
    this.length = Int32Array.from(columns.length);
    this.year = Int32Array.from(columns.year);
    this.regionCode = Int32Array.from(columns.regionCode);
    this.dateKey = Int32Array.from(columns.dateKey);
    this.group = Int32Array.from(columns.group);
    this.averageLength = totalLength / Math.max(1, this.sections.length);
    this.paragraphs = new PhraseIndex(paragraphTexts);
    this.shownHeadings = new PhraseIndex(shown);
    this.headingPaths = new PhraseIndex(paths);
    this.titles = new PhraseIndex(docs.map((d) => d.title.norm));
    this.docNumbers = new PhraseIndex(docs.map((d) => (d.docNumber ? normalizeQuery(d.docNumber) : '')));
    this.issuers = new PhraseIndex(docs.map((d) => (d.issuer ? normalizeQuery(d.issuer) : '')));
    this.titleKeys = docs.map((d) => lower(d.title.norm));
  }

  /** A section's position by its id (the term index answers with ids). */
  sectionOrdinal(id: string): number | undefined {
    return this.sectionIds.get(id);
  }

  get sectionCount(): number {
    return this.sections.length;
  }
}
