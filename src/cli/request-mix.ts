/**
 * The normal request mix of the load scripts: 12 request kinds including pages, API searches, one fuzzy
 * query and one deliberate 400, as autocannon request objects.
 */
export const LOAD_MIX = [
  '/api/search?q=包容审慎',
  '/api/search?q=包容審慎&region=江苏省',
  '/api/search?q=执法 监督&mode=fuzzy',
  '/api/search?q=法治&size=50',
  '/api/search?q=行政复议 OR 行政诉讼 -南通',
  '/api/search?region=江苏省&page=2',
  '/api/search?q=营商环境&topic=政府职能&year=2023',
  '/api/docs',
  '/?q=枫桥经验',
  '/compare?q=包容审慎',
  '/api/search?q="unbalanced',
  '/api/search?size=1000',
].map((path) => ({ method: 'GET' as const, path: encodeURI(path) }));
