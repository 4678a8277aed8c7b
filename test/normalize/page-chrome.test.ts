import { describe, expect, it } from 'vitest';
import { removeBoilerplate } from '../../src/normalize/boilerplate';
import { normalizeText } from '../../src/normalize/normalize-text';
import { pageChromeReason } from '../../src/normalize/page-chrome';

/** Lines as the normalizer hands them over: Simplified, half-width, layout spaces between Han characters gone. */
const norm = (line: string) => normalizeText(line).norm;
const inHead = (line: string) => pageChromeReason(norm(line), true);
const inBody = (line: string) => pageChromeReason(norm(line), false);

describe('pageChromeReason', () => {
  it.each([
    ['天津市宝坻区人民政府 2020年6月9日星期二', 'toolbar'],
    ['今天是：2021年4月2日 星期五 农历二月廿一', 'toolbar'],
    ['无障碍 简体|繁体', 'toolbar'],
    ['本网站支持IPv6　|　长者模式　|　无障碍', 'toolbar'],
    ['登录 注册', 'toolbar'],
    ['字号：大 中 小 | 打印 | 关闭', 'toolbar'],
    ['北京 晴 3℃~15℃', 'toolbar'],
    ['首页 政务公开 政务服务 互动交流 走进江苏', 'page-chrome'],
    ['渝快办', 'page-chrome'],
    ['头条新闻：· 城中区：靠前服务解难题    2024-04-19', 'page-chrome'],
    ['当前位置：网站首页>>政府信息公开>>法定主动公开内容>>工作报告>>正文', 'breadcrumb'],
    ['首页→ 网站公告', 'breadcrumb'],
    ['政务公开 > 法治政府建设 > 年度报告', 'breadcrumb'],
  ])('takes %s above a page’s text for %s', (line, reason) => {
    expect(inHead(line)).toBe(reason);
  });

  it.each([
    ['主办：天津市宝坻区人民政府办公室　　网站标识码：1200000013　　津ICP备05001234号', 'page-chrome'],
    ['【我要纠错】 责任编辑：李明', 'page-chrome'],
    ['上一篇：西青区2020年政府信息公开工作年度报告', 'page-chrome'],
    ['扫一扫在手机打开当前页', 'toolbar'],
    ['【打印本页】 【关闭窗口】', 'toolbar'],
    ['地址：天津市宝坻区南三路1号　邮编：301800　电话：022-29241234', 'page-chrome'],
    ['· 西青区2019年法治政府建设情况报告 2020-03-30', 'page-chrome'],
    ['分享到：微信 微博 QQ空间', 'toolbar'],
  ])('takes the footer line %s for %s anywhere on the page', (line, reason) => {
    expect(inBody(line)).toBe(reason);
  });

  it.each([
    '2023年，静海区坚持以习近平新时代中国特色社会主义思想为指导，扎实推进法治政府建设。',
    '宝坻区2022年度法治政府建设情况报告',
    '（三）政务公开',
    '申请→受理→审核→办结',
    '中共红河州委、红河州人民政府：',
    '赵县人民政府',
    '）',
    '<中华人民共和国计量法>的决定》修正',
  ])('leaves the official line %s alone', (line) => {
    expect(inHead(line)).toBeNull();
    expect(inBody(line)).toBeNull();
  });
});

describe('removeBoilerplate field forms', () => {
  const facts = (lines: string[]) => removeBoilerplate(lines.map(norm)).facts;

  it('reads bulleted fields, with a value on the next line too', () => {
    expect(facts(['• 索引号：', '6107280000/2024-000412', '• 发文机构：', '镇巴县人民政府', '• 发布日期：', '2024年03月06日 16:34', '镇巴县2023年度法治政府建设工作报告'])).toEqual({
      indexNumber: '6107280000/2024-000412',
      issuer: '镇巴县人民政府',
      published: '2024-03-06',
      publishedLabel: '发布日期',
    });
  });

  it('reads a table row ruled with | and a bracketed source line', () => {
    expect(facts(['索引号 | 11500226009876543A/2025-00021 | 主题分类 | 司法', '发布机构 | 荣昌区司法局 | 发布日期 | 2025-02-26'])).toMatchObject({
      issuer: '荣昌区司法局',
      published: '2025-02-26',
    });
    expect(facts(['【 来源：武侯区司法局 | 发布日期：2024-03-15 】'])).toEqual({ sourceName: '武侯区司法局', published: '2024-03-15', publishedLabel: '发布日期' });
  });

  it('drops the toolbar a value runs into and a date-first line gets its label (来源：海口市司法局 打印)', () => {
    expect(facts(['来源：海口市司法局 打印'])).toEqual({ sourceName: '海口市司法局' });
    expect(facts(['2023-12-28 09:51  点击：[]  来源：城中区司法局'])).toEqual({ published: '2023-12-28', publishedLabel: '发布时间', sourceName: '城中区司法局' });
  });

  it('splits a value that runs into the next label and ranks publication above signing', () => {
    expect(facts(['发布机构：沙坪坝区司法局生成日期: 2024-02-05', '成文日期：2024-02-02'])).toEqual({
      issuer: '沙坪坝区司法局',
      published: '2024-02-05',
      publishedLabel: '生成日期',
    });
  });

  it('takes a date alone under the title for the page date', () => {
    expect(facts(['静海区2023年度法治政府建设情况报告', '2024-03-28 09:18', '2023年,静海区坚持依法行政,全面建设法治政府,取得新成效。'])).toEqual({ published: '2024-03-28', publishedLabel: '日期' });
  });

  it('keeps a body sentence that only starts like a label (时间, 来源)', () => {
    expect(removeBoilerplate(['时间紧任务重,全区上下齐心协力完成了各项任务。']).kept).toHaveLength(1);
  });
});
