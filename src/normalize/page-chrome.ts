import type { RemovedReason } from '../types';

/**
 * Lines a government portal wraps around every page — accessibility and script switches, the page clock, a
 * weather widget, navigation menus, headline tickers, breadcrumbs, share buttons and the site footer — told
 * apart from official text by their form alone. Works on normalized lines (Simplified, half-width, layout
 * spaces between Han characters removed: 无障碍 简体|繁体 arrives as 无障碍简体|繁体).
 */

// Widgets and switches; a line made of nothing else (and separators) is the page's toolbar.
const WIDGET_WORDS = [
  '本网站支持IPv6', '支持IPv6', 'IPv6', '无障碍浏览', '无障碍阅读', '无障碍', '长者模式', '关怀模式', '关怀版', '适老化',
  '简体中文', '繁体中文', '简体', '繁体', '简', '繁', '蒙古文版', '蒙古文', '藏文版', '维文版', '朝鲜文版', 'English', 'ENGLISH', 'EN',
  '登录', '注册', '用户登录', '个人中心', '手机版', '移动版', '微信公众号', '微信', '微博', '客户端', '政务微博', '政务微信',
  '设为首页', '加入收藏', '收藏本站', '站内搜索', '全站搜索', '高级搜索', '搜索', '返回顶部', '返回首页', '返回',
  '网站地图', '联系我们', '使用帮助', '网站声明', '隐私声明', '关于我们', '智能问答', '相关链接', '相关文件', '相关阅读',
  '分享到', '分享', 'QQ空间', '微信朋友圈', '朋友圈', 'QQ', '新浪微博', '扫一扫在手机打开当前页', '扫一扫在手机上查看当前页面', '扫一扫', '在手机上查看', '我要纠错', '纠错',
  '打印本页', '打印文章', '打印', '关闭窗口', '关闭本页', '关闭', '保存', '收藏', '下载',
  '字号', '字体', '默认', '超大', '大', '中', '小', '加大', '减小', '还原', '全屏',
].sort((a, b) => b.length - a.length);
// Items of a portal's top menu; a line of nothing else, in the head, is navigation.
const MENU_WORDS = [
  '网站首页', '首页', '政府信息公开', '政务公开', '信息公开', '政务服务', '办事服务', '网上办事', '互动交流', '政民互动',
  '公众参与', '数据开放', '政府数据', '要闻动态', '新闻中心', '新闻动态', '专题专栏', '政策文件', '政策解读', '机构概况',
  '领导信息', '部门信息公开', '通知公告', '工作动态', '概况', '工作报告', '政府公报', '规划总结', '规划计划', '人事信息', '财政信息',
  '法规文件', '政策法规',
].sort((a, b) => b.length - a.length);
// A portal's app or one-stop service brand in a menu: 渝快办, 浙里办, 粤省事, 蒙速办.
const MENU_BRAND = /[\u4e00-\u9fff]{1,2}(?:快办|里办|省事|速办|事通|通办)/g;
// 走进江苏, 魅力南通: the menu item that names the place.
const MENU_PLACE = /(?:走进|魅力)[\u4e00-\u9fff]{2,4}/g;
const SEPARATORS = /[\s|｜/·•、,:;【】[\]()<>《》"“”'‘’\-—_~*]+/g;
// Alternations of the words, longest first, so 打印本页 goes before 打印.
const WIDGET_RE = new RegExp(WIDGET_WORDS.join('|'), 'g');
const MENU_RE = new RegExp(MENU_WORDS.join('|'), 'g');
// Toolbars and menus are short lines; longer ones are not tried.
const MAX_WIDGET_LINE = 80;

// The page clock: 今天是：2021年4月2日 星期五 农历二月廿一, or a portal name followed by 2020年6月9日星期二.
const PAGE_CLOCK = /(?:今天是|今日是|当前时间)[:]?.{0,4}\d{4}年\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月\d{1,2}日 ?(?:星期|周|礼拜)[一二三四五六日天]|农历[正一二三四五六七八九十冬腊]{1,2}月/;
// A weather widget: 北京 晴 3℃~15℃, 昆明 多云 12~22℃.
const WEATHER = /(?:晴|阴|多云|小雨|中雨|大雨|阵雨|雷阵雨|雨夹雪|小雪|中雪|大雪|雾|霾).{0,6}-?\d{1,2} ?(?:℃|°C)/;
// A headline ticker above the page: 头条新闻：· 城中区：靠前服务解难题 2024-04-19 · …
const TICKER = /^(?:头条新闻|今日头条|热点新闻|滚动新闻|最新动态|最新消息|热点关注|图片新闻)[:]/;

// Where the page sits: 当前位置：首页 > 政务公开, 首页→ 网站公告, 政务公开 > 法治政府建设 > 年度报告.
const CRUMB_LABEL = /^(?:当前位置|您的位置|你的位置|所在位置|您当前的位置|您当前位置|您所在的位置|您现在的位置|你现在的位置|当前所在位置)[:]/;
const CRUMB_START = /^(?:网站首页|首页) ?(?:>|»|›|→|\/|$)/;
// Only `>`-like separators: an arrow also chains the steps of a procedure in body text (申请→受理→办结). A bare
// `>` must stand between spaces: glued to text it closes a quoted title (《关于修改<…法>的决定》).
const CRUMB_SEPARATOR = / ?(?:>>|»|›) ?| > /;
const MAX_CRUMB_ITEM = 16;

// The site footer and the links under an article.
const FOOTER_LABEL = /^(?:主办|承办|协办|主办单位|承办单位|协办单位|技术支持|运维单位|版权所有|网站标识码|网站识别码|政府网站标识码|上一篇|下一篇|上一条|下一条|责任编辑)[:]/;
const FOOTER_MARK = /ICP备|ICP证|公网安备|网安备\d|网站标识码|Copyright|©|您是第.{0,12}位访问|建议使用.{0,30}(?:分辨率|浏览器)/i;
// The site's contact block: two or more of 地址, 邮编, 电话, 传真, 邮箱 on one line.
const CONTACT_LABEL = /(?:地址|邮编|邮政编码|电话|传真|电子邮箱|邮箱)[:]/g;
// An item of a link list under the article: · 西青区2019年法治政府建设情况报告 2020-03-30.
const LINK_ITEM = /^[·•▪●◆>]\s*.{4,60}\s\d{4}[-./]\d{1,2}[-./]\d{1,2}$/;
const MAX_FOOTER_CHARS = 160;
// Toolbar buttons before a footer label: 【我要纠错】 责任编辑：李明.
const LEADING_BRACKETS = /^(?:【[^】]*】\s*)+/;

/**
 * Why a line is portal chrome rather than official text, or null. `inHead` says whether it stands above the
 * document's text, where menus and the clock live; footers and toolbars are recognised anywhere.
 */
export function pageChromeReason(line: string, inHead: boolean): RemovedReason | null {
  if (line.length > MAX_FOOTER_CHARS || /[。;]/.test(line)) return null;
  if (isToolbar(line)) return 'toolbar';
  if (FOOTER_LABEL.test(line.replace(LEADING_BRACKETS, '')) || FOOTER_MARK.test(line)) return 'page-chrome';
  if ((line.match(CONTACT_LABEL) ?? []).length >= 2 || LINK_ITEM.test(line)) return 'page-chrome';
  if (!inHead) return null;
  if (isBreadcrumb(line)) return 'breadcrumb';
  if (PAGE_CLOCK.test(line) && line.length <= 60) return 'toolbar';
  if (WEATHER.test(line) && line.length <= 30) return 'toolbar';
  if (TICKER.test(line) || isMenu(line)) return 'page-chrome';
  return null;
}

export function isBreadcrumb(line: string): boolean {
  if (CRUMB_LABEL.test(line) || CRUMB_START.test(line)) return true;
  const items = line.split(CRUMB_SEPARATOR);
  return items.length >= 2 && items.every((item) => item.length > 0 && item.length <= MAX_CRUMB_ITEM && !/[,:]/.test(item));
}

function isToolbar(line: string): boolean {
  return madeOf(line, (l) => l.replace(WIDGET_RE, ''));
}

function isMenu(line: string): boolean {
  return madeOf(line, (l) => l.replace(MENU_BRAND, '').replace(MENU_PLACE, '').replace(MENU_RE, ''));
}

/** Whether a short line is made of listed words and separators only, with at least one word: a lone ) is text. */
function madeOf(line: string, strip: (line: string) => string): boolean {
  return line.length <= MAX_WIDGET_LINE && line.replace(SEPARATORS, '') !== '' && strip(line).replace(SEPARATORS, '') === '';
}
