import { describe, expect, it } from 'vitest';
import { chooseRegion, regionFromName, resolveRegion, titleSubject } from '../../src/parse/region';

describe('resolveRegion', () => {
  it('settles 鼓楼区 by the city the issuer names', () => {
    expect(resolveRegion({ title: '关于鼓楼区2022年度法治政府建设工作的报告', issuer: '福州市鼓楼区人民政府', body: '' })).toMatchObject({
      name: '鼓楼区',
      code: '350102',
      path: ['福建省', '福州市', '鼓楼区'],
    });
  });

  it('keeps 鼓楼区 at the province when only the province is named and two of its cities have one', () => {
    expect(resolveRegion({ title: '鼓楼区法治政府建设报告', body: '在江苏省委的坚强领导下' })).toMatchObject({ name: '江苏省', path: ['江苏省'] });
  });

  it('gives no region for 鼓楼区 alone, which lies in three provinces', () => {
    expect(resolveRegion({ title: '鼓楼区法治政府建设报告', body: '' })).toBeNull();
  });

  it('reads a province and city written together, and short names in a title', () => {
    expect(regionFromName('河南省三门峡市')).toMatchObject({ name: '三门峡市', code: '411200' });
    expect(resolveRegion({ title: '汕头经济特区市容管理条例', body: '' })).toMatchObject({ name: '汕头市', path: ['广东省', '汕头市'] });
  });

  it('maps a municipality district without the 市辖区 placeholder', () => {
    expect(regionFromName('海淀区')).toMatchObject({ path: ['北京市', '海淀区'], codes: ['110000', '110108'] });
  });
});

describe('chooseRegion', () => {
  const path = (sources: Array<[string, string]>, context = '') => chooseRegion(sources.map(([label, text]) => ({ label, text })), context)?.region.path;

  it('lets the first source that names a place decide, refined down the chain it names', () => {
    expect(path([['标题', '重庆市长寿区司法局2022年度法治政府建设年度报告'], ['网站名称', '重庆市人民政府']])).toEqual(['重庆市', '长寿区']);
    expect(path([['标题', '区司法局关于2025年法治政府建设情况的报告'], ['“发布机构”栏', '九龙坡区司法局']])).toEqual(['重庆市', '九龙坡区']);
  });

  it('keeps a provincial report at the province though it is published on a county portal', () => {
    expect(path([['标题', '新疆维吾尔自治区人民政府关于2017年法治政府建设工作的报告'], ['网站名称', '莎车县人民政府网']])).toEqual(['新疆维吾尔自治区']);
  });

  it('never lets a place a book title names speak for the reporting body', () => {
    expect(path([['正文开头', '根据《江苏省法治政府建设实施方案》要求，现将我区2022年度情况报告如下'], ['网站名称', '厦门市海沧区人民政府']])).toEqual(['福建省', '厦门市', '海沧区']);
  });

  it('settles a shared name (城关区) by the city named anywhere, and says so', () => {
    const choice = chooseRegion([{ label: '标题', text: '城关区2022年度法治政府建设工作报告' }], '在拉萨市委、市政府的坚强领导下');
    expect(choice?.region.path).toEqual(['西藏自治区', '拉萨市', '城关区']);
    expect(choice?.reason).toBe('标题“城关区2022年度法治政府建设工作报告”中的“城关区”，同名地区由“拉萨市”确定');
  });

  it('knows the spoken names of autonomous divisions and 巴州', () => {
    expect(path([['标题', '金平县2024年法治政府建设工作情况报告']])).toEqual(['云南省', '红河哈尼族彝族自治州', '金平苗族瑶族傣族自治县']);
    expect(path([['标题', '延边州2022年法治政府建设工作情况报告']])).toEqual(['吉林省', '延边朝鲜族自治州']);
    expect(path([['标题', '巴州2023年法治政府建设情况报告']])).toEqual(['新疆维吾尔自治区', '巴音郭楞蒙古自治州']);
  });

  it('takes a two-character county (赵县, 郏县) when a body or a year follows it, not as a word pair', () => {
    expect(path([['标题', '郏县2023年度法治政府建设工作报告']])).toEqual(['河南省', '平顶山市', '郏县']);
    expect(path([['标题', '关于做好和县城乡统筹工作的通知']])).toBeUndefined();
  });
});

describe('titleSubject', () => {
  it('finds the place a report title opens with, after 关于 or a year, but not a body', () => {
    expect(titleSubject('2020年西青区法治政府建设情况报告')?.name).toBe('西青区');
    expect(titleSubject('南京市鼓楼区2019年法治政府建设工作报告')?.name).toBe('南京市鼓楼区');
    expect(titleSubject('关于鼓楼区2022年度法治政府建设工作的报告')?.name).toBe('鼓楼区');
    expect(titleSubject('武汉市司法局2022年度推进法治政府建设情况报告')).toBeNull();
  });
});
