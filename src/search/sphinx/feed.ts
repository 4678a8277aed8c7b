import { closeSync, openSync, writeSync } from 'node:fs';
import type { AttrType, FeedRow } from './schema';

/**
 * xmlpipe2 feeds, written to files that the shard's config cats into `indexer`. Field texts are char words
 * (`0..9a-z` and spaces); string attributes are JSON, whose escapes keep control characters out of the XML.
 */
export class FeedWriter {
  private readonly fd: number;
  private readonly fields: readonly string[];
  private readonly attrs: Array<[string, AttrType]>;
  private buffer: string[] = [];
  private size = 0;
  rows = 0;

  constructor(path: string, fields: readonly string[], attrs: Array<[string, AttrType]>) {
    this.fd = openSync(path, 'w');
    this.fields = fields;
    this.attrs = attrs;
    const schema = [
      ...fields.map((f) => `<sphinx:field name="${f}"/>`),
      ...attrs.map(([name, type]) => (type === 'int' ? `<sphinx:attr name="${name}" type="int" bits="32"/>` : `<sphinx:attr name="${name}" type="${type}"/>`)),
    ];
    this.write(`<?xml version="1.0" encoding="utf-8"?>\n<sphinx:docset>\n<sphinx:schema>\n${schema.join('\n')}\n</sphinx:schema>\n`);
  }

  add(row: FeedRow): void {
    const parts = [`<sphinx:document id="${row.id}">`];
    for (const f of this.fields) parts.push(`<${f}>${row[f] ?? ''}</${f}>`);
    for (const [name, type] of this.attrs) {
      const value = row[name];
      const text = type === 'multi' ? (value as number[]).join(',') : type === 'string' ? xmlText(String(value ?? '')) : String(value ?? 0);
      parts.push(`<${name}>${text}</${name}>`);
    }
    parts.push('</sphinx:document>\n');
    this.write(parts.join(''));
    this.rows++;
  }

  close(): void {
    this.write('</sphinx:docset>\n');
    this.flush();
    closeSync(this.fd);
  }

  private write(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size > 1 << 22) this.flush();
  }

  private flush(): void {
    if (this.buffer.length) writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }
}

/** JSON text made safe for XML: markup characters escaped, and the two non-characters XML forbids as JSON escapes. */
function xmlText(json: string): string {
  return json.replace(/[&<>\uFFFE\uFFFF]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\u${c.charCodeAt(0).toString(16)}`));
}
