import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

const SERVER_PREFIXES = ['/api', '/webhooks', '/socket.io', '/metrics', '/media'];

/** Answers every app path (e.g. /patients/:id) with the SPA's index.html; server paths pass through. */
export function spaFallback(clientDist: string) {
  const indexHtml = join(clientDist, 'index.html');
  return (request: Request, response: Response, next: NextFunction): void => {
    const isServerPath = SERVER_PREFIXES.some((prefix) => request.path === prefix || request.path.startsWith(`${prefix}/`));
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isServerPath || !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexHtml, (error) => (error ? next() : undefined));
  };
}
