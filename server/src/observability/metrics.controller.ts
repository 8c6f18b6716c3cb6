import { Controller, Get, Headers, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import { METRICS_AUTH } from './api-docs';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/public.decorator';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

/** Prometheus text format, for a scraper holding METRICS_TOKEN; absent when no token is configured. */
@ApiTags('metrics')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiRoute({
    summary: 'Prometheus metrics (text format) for a scraper holding METRICS_TOKEN',
    isPublic: true,
    ok: { description: 'Prometheus text exposition format', contentType: 'text/plain' },
    errors: [{ status: 401, description: 'Missing or wrong METRICS_TOKEN' }, { status: 404, description: 'Metrics are disabled (no METRICS_TOKEN configured)' }],
  })
  @ApiSecurity(METRICS_AUTH)
  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    const expected = this.config.metricsToken;
    if (!expected) throw new NotFoundException('Metrics are disabled: set METRICS_TOKEN to enable them');
    const given = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new UnauthorizedException('A valid metrics token is required');
    response.setHeader('Content-Type', this.metrics.contentType);
    response.send(await this.metrics.render());
  }
}
