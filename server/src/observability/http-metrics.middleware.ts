import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';
import { pathOnly } from './log-redaction';

/**
 * Counts every HTTP request when its response finishes, so guard rejections (a forged Twilio
 * signature is refused before any interceptor runs) are counted too. Routes are labelled by
 * their pattern (`/api/patients/:id`), never by the concrete path, which could carry ids.
 */
export function httpMetrics(metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = metrics.httpDuration.startTimer();
    response.on('finish', () => {
      const path = pathOnly(request.originalUrl);
      const route = (request.route as { path?: string } | undefined)?.path ?? (path.startsWith('/api') || path.startsWith('/webhooks') ? 'unmatched' : 'static');
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
      stop({ method: request.method, route });
      const webhook = /^\/webhooks\/twilio\/(inbound|status)$/.exec(path);
      if (webhook) {
        const status = response.statusCode;
        const outcome = status < 300 ? 'accepted' : status === 403 ? 'forbidden' : status < 500 ? 'invalid' : 'error';
        metrics.webhooks.inc({ kind: webhook[1], outcome });
        if (status === 403) metrics.signatureFailures.inc();
      }
    });
    next();
  };
}
