import { describe, expect, it } from 'vitest';
import { regionFromName, resolveRegion } from '../../src/parse/region';

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
