import { describe, expect, it } from 'vitest';
import { normalizeDocument } from '../../src/normalize/normalize-document';
import { readChineseNumeral, writeChineseNumeral } from '../../src/parse/chinese-numerals';
import { parseDocument } from '../../src/parse/parse-document';
import type { ArticleRef, ParsedDocument } from '../../src/types';

const parse = (text: string) => parseDocument(normalizeDocument({ id: 'law', source: 'law.txt', bytes: new TextEncoder().encode(text) }));

/** Each paragraph as `citation | start of its wording`, the way a user would cite and recognise it. */
const cited = (doc: ParsedDocument, chars = 12) =>
  doc.sections.flatMap((s) => s.paragraphs.map((p) => `${cite(p.article)} | ${p.text.slice(0, chars)}`));
const cite = (a?: ArticleRef) => (a ? `${a.article}${a.clause ?? ''}${a.item ?? ''}` : '—');
const outline = (doc: ParsedDocument) => doc.sections.map((s) => [s.headings.map((h) => h.text).join(' > '), s.paragraphs.length]);

describe('Chinese numerals', () => {
  it('reads numerals of any size, with 零, 〇 and 两', () => {
    expect(['一', '十', '十一', '二十', '一百零五', '一千二百六十', '一千一百二十五', '两千', '一〇五', '二〇二四'].map(readChineseNumeral)).toEqual([
      1, 10, 11, 20, 105, 1260, 1125, 2000, 105, 2024,
    ]);
    expect(readChineseNumeral('第一')).toBeNaN();
  });

  it('writes the numbers clauses are cited by', () => {
    expect([1, 2, 10, 11, 20, 105, 1260].map(writeChineseNumeral)).toEqual(['一', '二', '十', '十一', '二十', '一百零五', '一千二百六十']);
  });
});

describe('a mainland law', () => {
  const LAW = [
    '# 某省物业服务条例',
    '',
    '2023年9月28日 某省第十四届人民代表大会常务委员会第五次会议通过',
    '',
    '<!-- INFO END -->',
    '',
    '## 第一章　总则',
    '',
    '第一条　为了规范物业服务活动，制定本条例。',
    '',
    '第二条 本条例适用于本省行政区域内的物业服务及其监督管理。',
    '',
    '## 第二章 业主',
    '',
    '### 第一节 业主大会',
    '',
    '第三条 业主享有下列权利：',
    '',
    '（一）按照物业服务合同的约定，接受物业服务人提供的服务；',
    '',
    '(二)提议召开业主大会会议。',
    '',
    '业主应当履行下列义务：',
    '',
    '（一）遵守管理规约；',
    '',
    '第三条之一 业主大会由全体业主组成。',
    '',
    '第十条第一款规定的事项，由业主共同决定。',
    '',
    '## 第三章 附则',
    '',
    '第一千二百六十条 本条例自2024年1月1日起施行。',
  ].join('\n');

  it('reads 章 and 节 as headings and every article under them', () => {
    expect(outline(parse(LAW))).toEqual([
      ['', 1],
      ['第一章　总则', 2],
      ['第二章 业主 > 第一节 业主大会', 7],
      ['第三章 附则', 1],
    ]);
  });

  it('cites each 款 and 项 of an article by its place, and a line citing an article stays in its article', () => {
    expect(cited(parse(LAW))).toEqual([
      '— | 2023年9月28日 某',
      '第一条 | 第一条　为了规范物业服务',
      '第二条 | 第二条 本条例适用于本省',
      '第三条第一款 | 第三条 业主享有下列权利',
      '第三条第一款第（一）项 | （一）按照物业服务合同的',
      '第三条第一款第（二）项 | (二)提议召开业主大会会',
      '第三条第二款 | 业主应当履行下列义务：',
      '第三条第二款第（一）项 | （一）遵守管理规约；',
      '第三条之一第一款 | 第三条之一 业主大会由全',
      '第三条之一第二款 | 第十条第一款规定的事项，',
      '第一千二百六十条 | 第一千二百六十条 本条例',
    ]);
  });

  it('reads articles a portal prints with no space after the marker, by their running numbers', () => {
    const doc = parse('某市养犬管理规定\n第一章总则\n第一条为了加强养犬管理，制定本规定。\n第二条本规定适用于本市城市化管理区域。\n第二条规定以外的区域，参照执行。\n第三条养犬人应当依法养犬。');
    expect(cited(doc, 8)).toEqual(['第一条 | 第一条为了加强养', '第二条第一款 | 第二条本规定适用', '第二条第二款 | 第二条规定以外的', '第三条 | 第三条养犬人应当']);
    expect(outline(doc)).toEqual([['第一章总则', 4]]);
  });

  it('takes the first Markdown title line as the title and a second one as a book heading (民法典 继承编)', () => {
    const doc = parse('# 中华人民共和国民法典\n\n# 继承编\n\n## 第一章  一般规定\n\n第一千一百一十九条 本编调整因继承产生的民事关系。\n\n第一千一百二十条 国家保护自然人的继承权。');
    expect([doc.title.text, doc.titleLines]).toEqual(['中华人民共和国民法典', [1]]);
    expect(outline(doc)).toEqual([['继承编 > 第一章  一般规定', 2]]);
    expect(cited(doc, 4)).toEqual(['第一千一百一十九条 | 第一千一', '第一千一百二十条 | 第一千一']);
  });
});

describe('an amendment and a decision numbered 一、二、…', () => {
  it('cites each numbered item of an amendment as an article, its last one-sentence item included', () => {
    const doc = parse(
      [
        '# 某法修正案（三）',
        '2024年6月28日 第十四届全国人民代表大会常务委员会第十次会议通过',
        '一、将某法第十条修改为：“国家建立统一的登记制度。',
        '“登记机构应当依法履行职责。”',
        '二、在某法第二十条后增加一条，作为第二十条之一：“有关部门应当加强监督。”',
        '三、本修正案自2025年1月1日起施行。',
      ].join('\n'),
    );
    expect(cited(doc, 8)).toEqual(['— | 2024年6月2', '第一条第一款 | 一、将某法第十条', '第一条第二款 | “登记机构应当依', '第二条 | 二、在某法第二十', '第三条 | 三、本修正案自2']);
  });

  it('leaves a decision closing sentence outside its last item', () => {
    const doc = parse('某市人民代表大会常务委员会关于某税适用税额的决定\n根据有关法律规定，决定如下：\n一、某税适用税额为每吨5元。\n二、某税适用税额为每吨2元。\n本决定自2025年1月1日起施行。');
    expect(cited(doc, 6)).toEqual(['— | 根据有关法律', '第一条 | 一、某税适用', '第二条 | 二、某税适用', '— | 本决定自20']);
  });

  it('keeps the headings of a policy decision whose numbered lines are headings', () => {
    const doc = parse('某省人民政府关于加快发展某产业的决定\n一、总体要求\n坚持创新驱动，推动产业升级。\n二、主要任务\n（一）壮大市场主体。支持企业做大做强。');
    expect(outline(doc)).toEqual([
      ['一、总体要求', 1],
      ['二、主要任务 > （一）壮大市场主体。', 1],
    ]);
    expect(cited(doc).every((c) => c.startsWith('—'))).toBe(true);
  });
});

describe('a Taiwan law', () => {
  const TAIWAN = [
    '某某資料保護辦法',
    '法規性質：命令',
    '法規類別：行政＞某部＞資訊目',
    '最新異動日期：20230612',
    '',
    '沿革：',
    '1.中華民國一百零一年三月五日某部某字第 1010000001 號令訂定發布全文 ',
    '  6 條；並自發布日施行',
    '2.中華民國一百十二年六月十二日某部某字第 1120000002 號令修正發布',
    '',
    '第 一 章 總則',
    '第 1 條',
    '本辦法依某某法第十條規定訂定之。',
    '第 2 條',
    '本辦法用詞，定義如下：',
    '一、資料：指個人之姓名及聯絡方式。',
    '二、處理：指下列行為：',
    '（一）蒐集。',
    '（二）儲存。',
    '前項資料之利用，不得逾越目的。',
    '第 2-1 條',
    '（刪除）',
  ].join('\r\n');

  it('keeps the Traditional wording and cites 條 › 項 › 款 › 目 with Arabic numbers', () => {
    const doc = parse(TAIWAN);
    expect(cited(doc, 8)).toEqual([
      '— | 1.中華民國一百',
      '— | 2.中華民國一百',
      '第1條 | 第 1 條\n本辦',
      '第2條第1項 | 第 2 條\n本辦',
      '第2條第1項第1款 | 一、資料：指個人',
      '第2條第1項第2款 | 二、處理：指下列',
      '第2條第1項第2款第1目 | （一）蒐集。',
      '第2條第1項第2款第2目 | （二）儲存。',
      '第2條第2項 | 前項資料之利用，',
      '第2-1條 | 第 2-1 條\n',
    ]);
    expect(doc.sections[1].paragraphs[0].norm).toBe('第 1 条 本办法依某某法第十条规定订定之。');
  });

  it('keeps 沿革 as a section of its own, one paragraph per entry with its wrapped line', () => {
    const doc = parse(TAIWAN);
    expect(outline(doc)).toEqual([
      ['沿革：', 2],
      ['第 一 章 總則', 8],
    ]);
    expect(doc.sections[0].paragraphs[0].text).toBe('1.中華民國一百零一年三月五日某部某字第 1010000001 號令訂定發布全文\n6 條；並自發布日施行');
    expect(doc.removed.map((r) => [r.line, r.reason])).toEqual([
      [2, 'metadata'],
      [3, 'metadata'],
      [4, 'metadata'],
    ]);
  });

  it('keeps each point of a 點-style rule whole and cites it by its own number, the bare number line as markup', () => {
    const doc = parse(
      ['某某委員會會議規則', '法規性質：命令', '', '沿革：', '1.中華民國九十年一月一日某委員會通過', '', '1', '一、本規則依某組織法訂定之。', '2', '二、會議每年至少召開一次。', '    臨時會議由主席召集之。', '3', '三、本規則自發布日施行。'].join('\n'),
    );
    expect(cited(doc, 10)).toEqual(['— | 1.中華民國九十年一', '第一點 | 一、本規則依某組織法', '第二點 | 二、會議每年至少召開', '第三點 | 三、本規則自發布日施']);
    expect(doc.sections[1].paragraphs[1].text).toBe('二、會議每年至少召開一次。\n臨時會議由主席召集之。');
    expect(doc.removed.filter((r) => r.reason === 'markup').map((r) => [r.line, r.text])).toEqual([
      [7, '1'],
      [9, '2'],
      [12, '3'],
    ]);
  });
});

describe('numbered lines that are not a law', () => {
  it('keeps the row numbers of a table flattened into lines as text', () => {
    const doc = parse('国务院办公厅关于推广某批改革举措的通知\n附件\n改革举措推广清单\n1\n知识产权案件审判改革\n全国\n2\n专利快速审查机制\n全国');
    expect(doc.removed.filter((r) => r.reason === 'markup')).toEqual([]);
    expect(doc.sections.flatMap((s) => s.paragraphs.map((p) => p.text))).toContain('1');
  });
});

describe('a hard-wrapped text', () => {
  it('joins the lines a text dump wrapped at a fixed width, and keeps articles run into their text apart', () => {
    const lines = [
      '某某机构编制管理条例',
      '',
      '  第一条为了规范行政机构的设置，加强编制管理，提高行',
      '政效率，根据宪法和有关组织法，制定本条例。',
      '',
      '  第二条行政机构设置和编制管理应当适应国家政治、经济',
      '、社会发展的需要，遵循精简、统一、高效的原则，并应当',
      '符合本条例的规定。',
      '',
      '  第三条机构编制管理机关负责行政机构设置和编制管理的',
      '具体工作，并对执行情况进行监督检查和年度评估工作。',
      '',
      '  第四条行政机构的设立、撤销或者合并，由机构编制管理',
      '机关事先组织有关部门和专家进行评估和论证后提出方案。',
    ].join('\n');
    expect(cited(parse(lines), 80)).toEqual([
      '第一条 | 第一条为了规范行政机构的设置，加强编制管理，提高行\n政效率，根据宪法和有关组织法，制定本条例。',
      '第二条 | 第二条行政机构设置和编制管理应当适应国家政治、经济\n、社会发展的需要，遵循精简、统一、高效的原则，并应当\n符合本条例的规定。',
      '第三条 | 第三条机构编制管理机关负责行政机构设置和编制管理的\n具体工作，并对执行情况进行监督检查和年度评估工作。',
      '第四条 | 第四条行政机构的设立、撤销或者合并，由机构编制管理\n机关事先组织有关部门和专家进行评估和论证后提出方案。',
    ]);
    expect(parse(lines).sections[0].paragraphs[0].norm).toBe('第一条为了规范行政机构的设置,加强编制管理,提高行政效率,根据宪法和有关组织法,制定本条例。');
  });

  it('keeps a report’s lines apart though its headings share a width: its paragraphs are wider than that', () => {
    const lines = ['关于某县2023年法治政府建设情况的报告'];
    for (const n of ['一', '二', '三', '四', '五', '六']) {
      lines.push(`（${n}）坚持依法行政推进法治政府建设取得新成效`);
      lines.push('全年召开专题会议研究部署法治政府建设工作，推动各项任务落地见效，群众满意度持续提升，法治化营商环境不断优化，行政执法更加规范。');
    }
    const doc = parse(lines.join('\n'));
    expect(doc.sections.map((s) => s.paragraphs.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
