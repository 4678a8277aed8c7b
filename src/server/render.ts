import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import type { PolicySearchError } from '../errors';

const VIEWS = fileURLToPath(new URL('../../views/', import.meta.url));

/** Renders a view (a path under views/, without `.ejs`) to HTML; templates are compiled once. */
export function render(view: string, data: Record<string, unknown>): string {
  let html = '';
  ejs.renderFile(`${VIEWS}${view}.ejs`, { ...data, partsHelpers }, { async: false, cache: true }, (err, out) => {
    if (err) throw err;
    html = out;
  });
  return html;
}

/** Small helpers every view may use. */
const partsHelpers = {
  regionPath: (path: string[] | undefined) => (path ?? []).join(' › '),
};

export function renderErrorPage(err: PolicySearchError): string {
  return render('error', { error: err });
}
