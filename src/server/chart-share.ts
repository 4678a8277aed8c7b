import { drawCaption, layoutCaption, drawSvg, element, GRID, INK, MUTED, textElement, textWidth } from './chart-svg';
import { describeConditions, formatShare, shareOf, yearLabel, type CompareConditions, type CompareModel } from './compare-model';

/**
 * Bars of the share of documents mentioning each term, year by year: one bar per term and year column, the
 * bars of a year side by side. The share divides by the documents indexed that year under the same
 * filters, so a year with more documents does not look like a year with more interest.
 */

/** One colour per term (Okabe–Ito, told apart by colour-blind readers too). */
export const SERIES_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9'];

const PLOT_HEIGHT = 220;
const LEFT = 56;
const TOP = 44;
const X_LABELS = 30;
const BAR_SINGLE = 26;
const BAR_MULTI = 12;
const GROUP_GAP = 14;
const MIN_GROUP = 46;
const MAX_GROUP = 96;
const PLOT_MIN_WIDTH = 380;
/**
 * Past this many year columns (a collection of laws reaches back to 1947) the chart is drawn dense: thin bars,
 * a year label every five years, no share printed over each bar (its tooltip and the table give it), so the
 * chart stays about a page wide and readable when published, instead of a strip several screens long.
 */
const DENSE_YEARS = 20;
const DENSE_BAR_SINGLE = 10;
const DENSE_BAR_MULTI = 3;

/** The smallest round maximum for the y axis at or above the largest share, so low shares stay visible. */
export function axisMaximum(largest: number): number {
  const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1];
  return steps.find((s) => s >= largest - 1e-9) ?? 1;
}

export function drawShareChart(model: CompareModel, conditions: CompareConditions, id: string): string {
  const terms = model.terms;
  const dense = model.years.length > DENSE_YEARS;
  const barWidth = dense ? (terms.length > 1 ? DENSE_BAR_MULTI : DENSE_BAR_SINGLE) : terms.length > 1 ? BAR_MULTI : BAR_SINGLE;
  // Few years get wider groups, so the plot spans the width its caption takes anyway.
  const groupWidth = dense ? terms.length * barWidth + 4 : Math.max(MIN_GROUP, terms.length * barWidth + GROUP_GAP, Math.min(MAX_GROUP, PLOT_MIN_WIDTH / model.years.length));
  const shares = terms.map((t) => t.yearTotals.map(shareOf));
  const top = axisMaximum(Math.max(0, ...shares.flat().map((s) => s ?? 0)));
  const lines = describeConditions(conditions, '篇。占比＝当年提及该词的文件数÷当年收录的文件数（筛选条件相同）');
  const title = terms.length > 1 ? '各检索词：提及该词的文件占当年收录文件的比例' : `提及“${terms[0].term}”的文件占当年收录文件的比例`;
  const legendHeight = terms.length > 1 ? 26 : 0;
  const plotWidth = model.years.length * groupWidth;
  const caption = layoutCaption(lines, Math.max(LEFT + plotWidth + 24, textWidth(title, 16) + 32, legendWidth(terms.map((t) => t.term)) + 24));
  const width = caption.width;
  const plotBottom = TOP + legendHeight + PLOT_HEIGHT;
  const height = plotBottom + X_LABELS + caption.height;
  const y = (share: number) => plotBottom - (share / top) * PLOT_HEIGHT;

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const value = top * f;
    return element(
      'g',
      {},
      element('line', { x1: LEFT, x2: LEFT + plotWidth, y1: y(value), y2: y(value), stroke: GRID }),
      textElement('text', { x: LEFT - 6, y: y(value) + 4, 'text-anchor': 'end', 'font-size': 11, fill: MUTED }, `${Math.round(value * 1000) / 10}%`),
    );
  });
  const groups = model.years.map((year, i) => {
    const left = LEFT + i * groupWidth + (groupWidth - terms.length * barWidth) / 2;
    const bars = terms.flatMap((term, t) => {
      const cell = term.yearTotals[i];
      const share = shares[t][i];
      if (share === null) return [];
      const x = left + t * barWidth;
      const label = terms.length === 1 && !dense ? [textElement('text', { x: x + barWidth / 2, y: y(share) - 4, 'text-anchor': 'middle', 'font-size': 10, fill: INK }, formatShare(cell))] : [];
      return [
        element(
          'g',
          { class: 'bar' },
          textElement('title', {}, `${year === null ? yearLabel(year) : `${year}年`} “${term.term}”：提及 ${cell.mentioned} / 共 ${cell.indexed} 篇（${formatShare(cell)}），${cell.sections} 处`),
          element('rect', { x, y: y(share), width: barWidth - 2, height: plotBottom - y(share), fill: SERIES_COLOURS[t] }),
          ...label,
        ),
      ];
    });
    const labelled = !dense || year === null || year % 5 === 0 || i === 0;
    const yearText = labelled ? [textElement('text', { x: LEFT + i * groupWidth + groupWidth / 2, y: plotBottom + 16, 'text-anchor': 'middle', 'font-size': year === null || dense ? 10 : 11, fill: MUTED }, dense && year === null ? '不详' : yearLabel(year))] : [];
    return element('g', { class: 'year' }, ...bars, ...yearText);
  });
  const legend = terms.length > 1 ? [drawLegend(terms.map((t) => t.term), TOP)] : [];
  return drawSvg(
    { width, height, id, title, description: `${model.years.length} 个年份；${lines.join('；')}` },
    textElement('text', { x: 12, y: 24, 'font-size': 16, 'font-weight': 700, fill: INK }, title),
    ...legend,
    element('g', { class: 'axis' }, ...ticks),
    ...groups,
    element('line', { x1: LEFT, x2: LEFT + plotWidth, y1: plotBottom, y2: plotBottom, stroke: MUTED }),
    drawCaption(caption.lines, plotBottom + X_LABELS),
  );
}

const LEGEND_SWATCH = 14;

function legendWidth(terms: string[]): number {
  return terms.reduce((w, t) => w + LEGEND_SWATCH + 6 + textWidth(t, 12) + 18, LEFT);
}

function drawLegend(terms: string[], top: number): string {
  let x = LEFT;
  const items = terms.map((term, t) => {
    const item = element(
      'g',
      { class: 'series' },
      element('rect', { x, y: top, width: LEGEND_SWATCH, height: LEGEND_SWATCH, fill: SERIES_COLOURS[t] }),
      textElement('text', { x: x + LEGEND_SWATCH + 6, y: top + 12, 'font-size': 12, fill: INK }, term),
    );
    x += LEGEND_SWATCH + 6 + textWidth(term, 12) + 18;
    return item;
  });
  return element('g', { class: 'legend' }, ...items);
}
