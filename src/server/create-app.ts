import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PolicySearchError } from '../errors';
import type { Searcher } from '../search/searcher';
import { createApi } from './api';
import { createPages, renderErrorPage } from './pages';

export interface AppOptions {
  /** The engine to answer with; a function, so a rebuilt index can replace it without a restart. */
  searcher: () => Searcher;
  /** Public origin for absolute links (citations, CSV): PUBLIC_URL, never a request's Host header. */
  publicUrl?: string;
}

/** Where the app is reached when no PUBLIC_URL is configured. */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

/** Builds the app; never listens (main.ts does), so tests drive it in-process. */
export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
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
  const publicUrl = options.publicUrl ?? DEFAULT_PUBLIC_URL;
  app.use('/api', createApi({ searcher: options.searcher, publicUrl }));
  app.use('/api', (_req, _res, next) => next(new PolicySearchError('NOT_FOUND', '没有这个接口')));
  app.use(createPages({ searcher: options.searcher, publicUrl }));
  app.use((_req, _res, next) => next(new PolicySearchError('NOT_FOUND', '没有这个页面')));
  app.use(handleError);
  return app;
}

/** Known errors answer with their status and message; anything else is logged and answered without details. */
function handleError(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  let known: PolicySearchError;
  if (err instanceof PolicySearchError) {
    known = err;
  } else if (err instanceof URIError || (err as { type?: string })?.type === 'entity.parse.failed') {
    known = new PolicySearchError('BAD_PARAMETER', '请求地址的编码有误');
  } else {
    console.error(err);
    known = new PolicySearchError('INTERNAL', '服务器内部错误，请求未完成');
  }
  res.status(known.status);
  if (req.path.startsWith('/api/') || req.path === '/api') {
    res.json({ error: { code: known.code, message: known.message } });
  } else {
    res.type('html').send(renderErrorPage(known));
  }
}
