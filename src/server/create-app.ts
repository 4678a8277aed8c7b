import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PolicySearchError } from '../errors';
import type { Searcher } from '../search/searcher';
import { createApi } from './api';
import { createComparePage } from './compare-page';
import type { ServerConfig } from './config';
import { createPages, renderErrorPage } from './pages';

export interface AppOptions {
  /** The engine to answer with; a function, so a rebuilt index can replace it without a restart. */
  searcher: () => Searcher;
  /** Public origin for absolute links (citations, CSV): PUBLIC_URL, never a request's Host header. */
  publicUrl?: string;
  /** Express's `trust proxy`: whose X-Forwarded-Proto to believe (TRUST_PROXY); nobody's when absent. */
  trustProxy?: ServerConfig['trustProxy'];
}

/** Where the app is reached when no PUBLIC_URL is configured. */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

/** Builds the app; never listens (main.ts does), so tests drive it in-process. */
export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const publicUrl = options.publicUrl ?? DEFAULT_PUBLIC_URL;
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(securityHeaders());
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // For load tests and monitoring: how long the event loop was held, in ms since the app started.
  app.get('/api/health', async (_req, res) => {
    const health = await options.searcher().health();
    res.json({
      status: health.shards?.some((s) => s.state === 'down') ? 'degraded' : 'ok',
      backend: health.backend,
      fuzzyReady: health.ready,
      documents: health.documents,
      sections: health.sections,
      builtAt: health.builtAt,
      ...(health.shards ? { shards: health.shards } : {}),
      eventLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    });
  });
  app.use('/api', createApi({ searcher: options.searcher, publicUrl }));
  app.use('/api', (req, _res, next) => next(new PolicySearchError('NOT_FOUND', `没有这个接口：${shorten(req.originalUrl.split('?')[0])}`)));
  app.use(createPages({ searcher: options.searcher, publicUrl }));
  app.use(createComparePage({ searcher: options.searcher, publicUrl }));
  app.use((req, _res, next) => next(new PolicySearchError('NOT_FOUND', `没有这个网页：${shorten(req.originalUrl.split('?')[0])}`)));
  app.use(handleError);
  return app;
}

/**
 * helmet's headers, except that `upgrade-insecure-requests` and HSTS go only with answers to HTTPS requests:
 * intranets serve plain http under a host name or an IP, where they would send every stylesheet, script, link
 * and form to an https:// address nobody listens on. `req.secure` believes X-Forwarded-Proto only from a
 * trusted proxy (TRUST_PROXY). Cross-Origin-Opener-Policy is ignored on plain http, so it is not sent there.
 */
function securityHeaders(): express.RequestHandler {
  const directives = { 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'] };
  const overHttps = helmet({ contentSecurityPolicy: { directives } });
  const overHttp = helmet({
    contentSecurityPolicy: { directives: { ...directives, 'upgrade-insecure-requests': null } },
    strictTransportSecurity: false,
    crossOriginOpenerPolicy: false,
  });
  return (req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next);
}

/** Known errors answer with their status and message; anything else is logged and answered without details. */
function handleError(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  let known: PolicySearchError;
  if (err instanceof PolicySearchError) {
    known = err;
  } else if (err instanceof URIError || (err as { type?: string })?.type === 'entity.parse.failed') {
    known = new PolicySearchError('BAD_PARAMETER', '网址格式有误（可能有不完整的 % 编码），请检查后重试');
  } else {
    console.error(err);
    known = new PolicySearchError('INTERNAL', '服务器内部错误，请求没有完成，请稍后重试');
  }
  res.status(known.status);
  if (req.path.startsWith('/api/') || req.path === '/api') {
    res.json({ error: { code: known.code, message: known.message } });
  } else {
    res.type('html').send(renderErrorPage(known));
  }
}

/** A path as typed, cut to a length a message can show; decoded when it can be, so Chinese reads as Chinese. */
function shorten(path: string): string {
  let shown = path;
  try {
    shown = decodeURIComponent(path);
  } catch {
    // An undecodable path is shown as it came.
  }
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}
