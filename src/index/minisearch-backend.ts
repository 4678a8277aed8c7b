import MiniSearch, { type Options } from 'minisearch';
import type { IndexedSection } from '../types';
import type { SearchBackend, TermField, TermQuery } from './backend';

const FIELD_NAMES: Record<TermField, keyof IndexedSection> = { title: 'title', headings: 'headingsText', body: 'body' };
// A heading that names the term says more about a section than a passing mention in its body.
const BOOST = { headingsText: 3, title: 1.5, body: 1 };

const OPTIONS: Options<IndexedSection> = {
  fields: ['title', 'headingsText', 'body'],
  storeFields: [],
  // Fields arrive segmented by `segmentText`, the one segmenter; the engine segments queries with it too.
  tokenize: (text) => text.split(' '),
  processTerm: (term) => term,
};

/** MiniSearch behind the backend interface: one MiniSearch document per section. */
export class MiniSearchBackend implements SearchBackend {
  readonly name = 'minisearch';
  private readonly index: MiniSearch<IndexedSection>;

  private constructor(index: MiniSearch<IndexedSection>) {
    this.index = index;
  }

  static create(): MiniSearchBackend {
    return new MiniSearchBackend(new MiniSearch(OPTIONS));
  }

  static load(serialized: unknown): MiniSearchBackend {
    return new MiniSearchBackend(MiniSearch.loadJS(serialized as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS));
  }

  /** As `load`, yielding to the event loop between chunks, so a server keeps answering while it loads. */
  static async loadAsync(serialized: unknown): Promise<MiniSearchBackend> {
    return new MiniSearchBackend(await MiniSearch.loadJSAsync(serialized as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS));
  }

  add(sections: IndexedSection[]): void {
    this.index.addAll(sections);
  }

  score(query: TermQuery): Map<string, number> {
    const scores = new Map<string, number>();
    if (query.tokens.length === 0) return scores;
    const results = this.index.search(
      { queries: query.tokens, combineWith: query.combine === 'and' ? 'AND' : 'OR' },
      {
        fields: query.fields?.map((f) => FIELD_NAMES[f]),
        boost: BOOST,
        prefix: false,
        fuzzy: false,
        // Tokens arrive segmented; cutting them again would split 包容审慎 a second time.
        tokenize: (text) => [text],
      },
    );
    for (const r of results) scores.set(r.id as string, r.score);
    return scores;
  }

  serialize(): unknown {
    return this.index.toJSON();
  }

  stats(): { sections: number; terms: number } {
    return { sections: this.index.documentCount, terms: this.index.termCount };
  }
}
