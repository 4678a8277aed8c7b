import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { PolicySearchError } from '../errors';
import type { SearchEngine } from '../search/search-engine';
import { createApi } from './api';
import { createPages, renderErrorPage } from './pages';

export interface AppOptions {
  /** The engine to answer with; a function, so a rebuilt index can replace it without a restart. */
  engine: () => SearchEngine;
}

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
  app.use('/api', createApi(options.engine));
  app.use('/api', (_req, _res, next) => next(new PolicySearchError('NOT_FOUND', 'no such API route')));
  app.use(createPages(options.engine));
  app.use((_req, _res, next) => next(new PolicySearchError('NOT_FOUND', 'no such page')));
  app.use(handleError);
  return app;
}

/** Known errors answer with their status and message; anything else is logged and answered without details. */
function handleError(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  let known: PolicySearchError;
  if (err instanceof PolicySearchError) {
    known = err;
  } else if (err instanceof URIError || (err as { type?: string })?.type === 'entity.parse.failed') {
    known = new PolicySearchError('BAD_PARAMETER', 'the request URL is malformed');
  } else {
    console.error(err);
    known = new PolicySearchError('INTERNAL', 'internal error; the request was not completed');
  }
  res.status(known.status);
  if (req.path.startsWith('/api/') || req.path === '/api') {
    res.json({ error: { code: known.code, message: known.message } });
  } else {
    res.type('html').send(renderErrorPage(known));
  }
}
