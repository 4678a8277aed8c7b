import { drawCaption, layoutCaption, drawSvg, element, GRID, INK, MUTED, textElement, textWidth } from './chart-svg';
import { describeConditions, formatShare, shareOf, yearLabel, type CompareCell, tableLines, type CompareConditions, type TermTable, type YearKey } from './compare-model';

/**
 * The region × year table of one term as a heat map: each province's subtotal row, then its regions; a cell
 * per region and year with indexed documents, shaded by the share that mention the term and labelled
 * `k/n`. A blank place means no document is indexed there, which is not the same as no mention.
 */

const FONT = 12;
const CELL_WIDTH = 54;
const CELL_HEIGHT = 24;
const INDENT = 14;
const TITLE_HEIGHT = 34;
const HEADER_HEIGHT = 24;
const LEGEND_HEIGHT = 40;

/** Shades from no mention to every document; light enough at the low end for dark labels. */
const SHADES = ['#eeeeee', '#deebf7', '#b3d3ea', '#6baed6', '#3182bd', '#08519c'];
const LEGEND = ['0', '≤20%', '≤40%', '≤60%', '≤80%', '≤100%'];

/** The shade of a share: none for 0, then one per fifth. */
export function shadeIndex(share: number): number {
  return share <= 0 ? 0 : Math.min(5, Math.ceil(share * 5 - 1e-9));
}

export function drawHeatMap(table: TermTable, years: YearKey[], conditions: CompareConditions, id: string): string {
  const rows = tableLines(table);
  const labelWidth = Math.min(280, Math.max(90, ...rows.map((r) => textWidth(r.label, FONT) + (r.province ? 0 : INDENT))) + 20);
  const unit = '篇。格内为“提及该词的文件数/该地区该年收录的文件数”，颜色为其比例；空白处无收录文件';
  const lines = describeConditions({ ...conditions, terms: [table.term] }, unit);
  const title = `“${table.term}”：各地区各年份提及该词的文件占比`;
  const gridTop = TITLE_HEIGHT + HEADER_HEIGHT;
  const gridHeight = rows.length * CELL_HEIGHT;
  const caption = layoutCaption(lines, Math.max(labelWidth + years.length * CELL_WIDTH + 16, textWidth(title, 16) + 32, LEGEND.length * 64 + 180));
  const width = caption.width;
  const height = gridTop + gridHeight + LEGEND_HEIGHT + caption.height;

  const header = years.map((year, i) =>
    textElement('text', { x: labelWidth + i * CELL_WIDTH + CELL_WIDTH / 2, y: gridTop - 8, 'text-anchor': 'middle', 'font-size': year === null ? 10 : 11, fill: MUTED }, yearLabel(year)),
  );
  const body = rows.map((row, r) => {
    const y = gridTop + r * CELL_HEIGHT;
    const label = textElement(
      'text',
      { x: 12 + (row.province ? 0 : INDENT), y: y + CELL_HEIGHT / 2 + 4, 'font-size': FONT, 'font-weight': row.province ? 700 : undefined, fill: INK },
      row.label,
    );
    const cells = row.cells.flatMap((cell, i) => (cell.indexed > 0 ? [drawCell(cell, labelWidth + i * CELL_WIDTH, y, `${row.name} ${yearLabel(years[i])}`)] : []));
    return element('g', { class: row.province ? 'row subtotal' : 'row' }, label, ...cells);
  });
  const legendTop = gridTop + gridHeight + 12;
  const legend = element(
    'g',
    { class: 'legend', 'font-size': 11, fill: MUTED },
    textElement('text', { x: 12, y: legendTop + 14 }, '提及比例'),
    ...SHADES.map((shade, i) =>
      element(
        'g',
        {},
        element('rect', { x: 72 + i * 64, y: legendTop + 2, width: 16, height: 16, fill: shade, stroke: GRID }),
        textElement('text', { x: 92 + i * 64, y: legendTop + 14 }, LEGEND[i]),
      ),
    ),
    textElement('text', { x: 80 + SHADES.length * 64, y: legendTop + 14 }, '空白＝无收录文件'),
  );
  return drawSvg(
    { width, height, id, title, description: `${rows.length} 行 × ${years.length} 个年份；${lines.join('；')}` },
    textElement('text', { x: 12, y: 22, 'font-size': 16, 'font-weight': 700, fill: INK }, title),
    element('g', { class: 'header' }, ...header),
    ...body,
    legend,
    drawCaption(caption.lines, legendTop + LEGEND_HEIGHT - 8),
  );
}

function drawCell(cell: CompareCell, x: number, y: number, name: string): string {
  const share = shareOf(cell) ?? 0;
  const shade = shadeIndex(share);
  return element(
    'g',
    { class: 'cell' },
    textElement('title', {}, `${name}：提及 ${cell.mentioned} / 共 ${cell.indexed} 篇（${formatShare(cell)}），${cell.sections} 处`),
    element('rect', { x: x + 1, y: y + 1, width: CELL_WIDTH - 2, height: CELL_HEIGHT - 2, fill: SHADES[shade] }),
    textElement(
      'text',
      { x: x + CELL_WIDTH / 2, y: y + CELL_HEIGHT / 2 + 4, 'text-anchor': 'middle', 'font-size': 11, fill: shade >= 4 ? '#ffffff' : INK },
      `${cell.mentioned}/${cell.indexed}`,
    ),
  );
}
