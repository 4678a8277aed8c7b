import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import { normalizeDocument } from '../../src/normalize/normalize-document';
import { parseDocument } from '../../src/parse/parse-document';
import type { ParsedDocument } from '../../src/types';
import { FIXTURES, HONGZE, LIANDU, LINHE, NANTONG, SEEDS, seedDoc, YIYANG } from '../helpers';

const parse = (text: string) => parseDocument(normalizeDocument({ id: 'doc', source: 'doc.txt', bytes: new TextEncoder().encode(text) }));

const paragraphIds = (docs: ParsedDocument[]) =>
  Object.fromEntries(docs.map((d) => [d.id, d.sections.flatMap((s) => s.paragraphs.map((p) => p.id))]));

describe('parseDocument metadata on the seeds', () => {
  it.each([
    [HONGZE, '洪泽区', '320813', ['江苏省', '淮安市', '洪泽区'], 2023],
    [LINHE, '临河区', '150802', ['内蒙古自治区', '巴彦淖尔市', '临河区'], 2024],
    [NANTONG, '南通市', '320600', ['江苏省', '南通市'], 2023],
    [YIYANG, '弋阳县', '361126', ['江西省', '上饶市', '弋阳县'], 2023],
    [LIANDU, '莲都区', '331102', ['浙江省', '丽水市', '莲都区'], 2023],
  ])('resolves %s to %s (%s) and its report year', (id, name, code, path, year) => {
    const doc = seedDoc(id);
    expect(doc.region).toMatchObject({ name, code, path });
    expect(doc.year).toBe(year);
    expect(doc.kind).toBe('法治政府建设报告');
  });

  it('reads titles and issuers, and composes a title where the report has none', () => {
    const meta = (id: string) => {
      const d = seedDoc(id);
      return [d.title.text, d.titleComposed, d.issuer, d.published, d.docNumber];
    };
    expect(meta(HONGZE)).toEqual(['关于洪泽区2023年度法治政府建设工作的报告', false, '洪泽区人民政府', '2024-01-25', null]);
    expect(meta(LINHE)).toEqual(['临河区2024年法治政府建设情况报告', true, null, null, null]);
    expect(meta(NANTONG)).toEqual(['南通市人民政府关于2023年度法治政府建设工作情况的报告', false, '南通市人民政府', '2024-02-04', null]);
    expect(meta(YIYANG)).toEqual(['弋阳县2023年法治政府建设情况报告', true, null, null, null]);
    expect(meta(LIANDU)).toEqual(['莲都区司法局2023年法治政府建设年度报告', false, '丽水市莲都区司法局', '2024-02-01', '莲司〔2024〕4号']);
  });
});

describe('parseDocument outline', () => {
  const outline = (id: string) => seedDoc(id).sections.map((s) => [s.headings.map((h) => h.text).join(' > '), s.paragraphs.length]);

  it('splits the Nantong report into its sections, with 一是…二是… items as paragraphs', () => {
    expect(outline(NANTONG)).toEqual([
      ['', 1],
      ['一、推进法治政府建设的主要举措和成效 > (一)把握正确政治方向,法治政府建设更加扎实有力。', 3],
      ['一、推进法治政府建设的主要举措和成效 > (二)加快推动职能转变,政府依法履职更加协同充分。', 3],
      ['一、推进法治政府建设的主要举措和成效 > (三)完善依法行政制度,政府治理体系更加成熟完善。', 3],
      ['一、推进法治政府建设的主要举措和成效 > (四)深化执法体制改革,行政执法工作更加公正严明。', 3],
      ['一、推进法治政府建设的主要举措和成效 > (五)健全多元化解机制,社会公平正义更加有效彰显。', 3],
      ['二、2023年度法治政府建设存在的主要不足', 1],
      ['三、2023年度市委主要负责人履行推进法治建设第一责任人职责的情况', 3],
      ['四、2023年度市政府主要负责人履行推进法治政府建设第一责任人职责的情况', 3],
      ['五、2024年度推进法治政府建设的主要安排', 5],
    ]);
  });

  it('splits a run-in heading from its paragraph', () => {
    const section = seedDoc(NANTONG).sections[1];
    expect(section.paragraphs.map((p) => p.text.slice(0, 14))).toEqual(['一是深化习近平法治思想学习贯', '二是组织开展法治政府示范创建', '三是开展法治政府建设督察工作']);
  });

  it('splits the Liandu report into three outline levels', () => {
    expect(outline(LIANDU)).toEqual([
      ['', 1],
      ['一、工作开展情况 > (一)聚焦“责任担当”,深入推进法治莲都建设。 > 1.紧扣区委依法治区办职能作用发挥。', 1],
      ['一、工作开展情况 > (一)聚焦“责任担当”,深入推进法治莲都建设。 > 2.着力优化提升法治化营商环境。', 1],
      ['一、工作开展情况 > (一)聚焦“责任担当”,深入推进法治莲都建设。 > 3.扎实推进政务服务增值化改革。', 1],
      ['一、工作开展情况 > (一)聚焦“责任担当”,深入推进法治莲都建设。 > 4.全力推进行政争议实质性化解。', 1],
      ['一、工作开展情况 > (二)聚焦“堪当重任”,全面提升政府依法行政能力。 > 1.紧抓政府法律事务服务。', 1],
      ['一、工作开展情况 > (二)聚焦“堪当重任”,全面提升政府依法行政能力。 > 2.推动依法行政能力提升。', 1],
      ['一、工作开展情况 > (二)聚焦“堪当重任”,全面提升政府依法行政能力。 > 3.推进县乡合法性审查改革。', 1],
      ['一、工作开展情况 > (三)聚焦“示范引领”,着力彰显法治为民初心本色。 > 1.持续深化公共法律服务。', 1],
      ['一、工作开展情况 > (三)聚焦“示范引领”,着力彰显法治为民初心本色。 > 2.做实司法所综合改革试点工作。', 1],
      ['一、工作开展情况 > (三)聚焦“示范引领”,着力彰显法治为民初心本色。 > 3.深化推进普法与依法治理工作。', 1],
      ['一、工作开展情况 > (四)聚焦“亚运安保”,擦亮一线安保维稳平安底色。 > 1.有序推进特殊人员教育帮扶工作。', 1],
      ['一、工作开展情况 > (四)聚焦“亚运安保”,擦亮一线安保维稳平安底色。 > 2.坚持发展新时代“枫桥经验”。', 1],
      ['二、存在问题', 1],
      ['三、2024年工作思路 > (一)高效能统筹推进法治建设。', 1],
      ['三、2024年工作思路 > (二)高站位优化法治营商环境。', 1],
      ['三、2024年工作思路 > (三)高标准推进依法行政。', 1],
      ['三、2024年工作思路 > (四)高质量推进法治惠民。', 1],
      ['三、2024年工作思路 > (五)高水平推进法护平安。', 1],
    ]);
  });

  it('numbers paragraphs through the document from 1', () => {
    const ordinals = seedDoc(LINHE).sections.flatMap((s) => s.paragraphs.map((p) => p.ordinal));
    expect(ordinals).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
  });

  it('keeps each heading in the wording of the source, full stop and full-width brackets included', () => {
    const doc = parse('关于某县2024年法治政府建设情况的报告\n一、主要工作\n（一）坚持高位推进。全年召开专题会议3次，研究部署法治工作。\n（二）强化制度保障\n全面推行行政执法“三项制度”。');
    expect(doc.sections.map((s) => [s.headings.map((h) => h.text), s.paragraphs.map((p) => p.text)])).toEqual([
      [['一、主要工作', '（一）坚持高位推进。'], ['全年召开专题会议3次，研究部署法治工作。']],
      [['一、主要工作', '（二）强化制度保障'], ['全面推行行政执法“三项制度”。']],
    ]);
    expect(doc.sections[0].headings[1].norm).toBe('(一)坚持高位推进。');
    expect(doc.sections.map((s) => s.shownHeadings)).toEqual([2, 1]);
  });

  it('keeps a numbered line with nothing under it as a paragraph under its parent heading', () => {
    const doc = parse('关于某县2024年法治政府建设情况的报告\n一、主要工作\n（一）坚持高位推进。全年召开专题会议3次。\n（二）强化制度保障。\n二、下一步打算');
    expect(doc.sections.map((s) => [s.headings.map((h) => h.text), s.paragraphs.map((p) => p.text)])).toEqual([
      [['一、主要工作', '（一）坚持高位推进。'], ['全年召开专题会议3次。']],
      [['一、主要工作'], ['（二）强化制度保障。']],
      [[], ['二、下一步打算']],
    ]);
  });
});

describe('parseDocument topics and parts', () => {
  // Labelled by reading each section, before looking at what the classifier said.
  const LABELLED: Array<[doc: string, heading: string, topic: string, part: string]> = [
    [HONGZE, '(一)坚持高位推进', '党的领导', '成效'],
    [HONGZE, '1.高标准建设政务服务体系', '政府职能', '成效'],
    [HONGZE, '4.重大行政决策程序严格执行', '行政决策', '成效'],
    [HONGZE, '6.合法性审查工作实现区镇村全覆盖', '制度建设', '成效'],
    [HONGZE, '9.推进包容审慎执法监管', '行政执法', '成效'],
    [HONGZE, '10.高效办理行政复议案件', '矛盾纠纷化解', '成效'],
    [LINHE, '(六)健全突发事件应对体系,预防重大突发事件', '突发事件应对', '成效'],
    [LINHE, '(八)加强制约监督,促进权力运行公开透明', '权力监督', '成效'],
    [LINHE, '(九)深化普法依法治理,加快建设法治社会', '普法与法治社会', '成效'],
    [LINHE, '二、存在问题', '普法与法治社会', '问题'],
    [NANTONG, '(二)加快推动职能转变,政府依法履职更加协同充分', '政府职能', '成效'],
    [NANTONG, '(五)健全多元化解机制,社会公平正义更加有效彰显', '矛盾纠纷化解', '成效'],
    [NANTONG, '二、2023年度法治政府建设存在的主要不足', '行政执法', '问题'],
    [NANTONG, '五、2024年度推进法治政府建设的主要安排', '党的领导', '计划'],
    [YIYANG, '2.广泛开展普法宣传教育', '普法与法治社会', '成效'],
    [YIYANG, '3.发挥法律顾问制度实效', '行政决策', '成效'],
    [LIANDU, '4.全力推进行政争议实质性化解', '矛盾纠纷化解', '成效'],
    [LIANDU, '(二)高站位优化法治营商环境', '政府职能', '计划'],
  ];

  it.each(LABELLED)('labels %s › %s with %s (part %s)', (id, heading, topic, part) => {
    // Headings keep their wording, full stop included; the labels name them without it.
    const section = seedDoc(id).sections.find((s) => s.headings.at(-1)?.norm.replace(/。$/, '') === heading);
    expect(section?.topics).toContain(topic);
    expect(section?.part).toBe(part);
  });

  it('labels 二、存在的主要问题 as 问题 and 三、2024年工作安排 as 计划', () => {
    const parts = Object.fromEntries(seedDoc(YIYANG).sections.map((s) => [s.headings[0]?.text, s.part]));
    expect([parts['二、存在的主要问题'], parts['三、2024年工作安排']]).toEqual(['问题', '计划']);
  });

  it('gives 三是推进数字法治政府建设 its own topic inside a 政府职能 section, so the topic filter finds the section', () => {
    const section = seedDoc(NANTONG).sections.find((s) => s.headings.at(-1)?.text.startsWith('(二)加快推动职能转变'))!;
    expect(section.paragraphs.map((p) => p.topics)).toEqual([['政府职能'], ['政府职能'], ['数字法治政府']]);
    expect(section.topics).toEqual(['政府职能', '数字法治政府']);
  });

  it('gives every section of every seed at least one topic and the preamble the part 概述', () => {
    for (const id of [HONGZE, LINHE, NANTONG, YIYANG, LIANDU]) {
      const doc = seedDoc(id);
      expect(doc.sections.filter((s) => s.topics.length === 0)).toEqual([]);
      expect(doc.sections[0].part).toBe('概述');
    }
  });
});

describe('stable ids', () => {
  it('gives the same ids on every build', () => {
    const a = buildIndex({ inputs: [SEEDS] }).snapshot.docs;
    const b = buildIndex({ inputs: [SEEDS] }).snapshot.docs;
    expect(paragraphIds(b)).toEqual(paragraphIds(a));
    expect(b.map((d) => d.sections.map((s) => s.id))).toEqual(a.map((d) => d.sections.map((s) => s.id)));
  });

  it('keeps every seed id when another document is added', () => {
    const alone = paragraphIds(buildIndex({ inputs: [SEEDS] }).snapshot.docs);
    const withMore = paragraphIds(buildIndex({ inputs: [SEEDS, `${FIXTURES}/gbk-gulou.txt`] }).snapshot.docs);
    expect(Object.keys(withMore)).toContain('gbk-gulou');
    for (const [doc, ids] of Object.entries(alone)) expect(withMore[doc]).toEqual(ids);
  });

  it('keeps the other paragraphs ids when one paragraph of a report is edited', () => {
    const original = readFileSync(`${SEEDS}/${HONGZE}.txt`, 'utf8');
    const edited = original.replace('全区2023年新收行政复议案件48件', '全区2023年新收行政复议案件49件');
    const parse = (text: string) =>
      parseDocument(normalizeDocument({ id: HONGZE, source: 'x', bytes: new TextEncoder().encode(text) })).sections.flatMap((s) => s.paragraphs.map((p) => p.id));
    const before = parse(original);
    const after = parse(edited);
    expect(after.filter((id, i) => id !== before[i])).toHaveLength(1);
  });
});

describe('parseDocument title', () => {
  it('reads the title from a metadata table in the wording of the page when the body does not repeat it', () => {
    const doc = parse('当前位置：首页 > 政务公开\n标　　题：关于某区２０２３年度法治政府建设情况的报告\n发布机构：某区人民政府\n2023年，某区坚持依法行政，全面推进法治政府建设，取得新成效。');
    expect([doc.title.text, doc.title.norm, doc.titleLines]).toEqual(['关于某区２０２３年度法治政府建设情况的报告', '关于某区2023年度法治政府建设情况的报告', []]);
  });

  it('prefers the text’s own title to a manifest’s abbreviation, and lists the body’s copies as repeated titles', () => {
    const raw = new TextEncoder().encode('国务院关于某事项的通知\n国发〔2019〕5号\n\n国务院关于\n某事项的通知\n各省、自治区、直辖市人民政府：\n现就有关事项通知如下。');
    const doc = parseDocument(normalizeDocument({ id: 'gwy', source: 'gwy.txt', bytes: raw, manifest: { file: 'gwy.txt', title: '某事项通知' } }));
    expect([doc.title.text, doc.titleLines]).toEqual(['国务院关于某事项的通知', [1]]);
    expect(doc.removed.map((r) => [r.line, r.reason])).toEqual([
      [2, 'metadata'],
      [4, 'repeated-title'],
      [5, 'repeated-title'],
    ]);
  });
});
