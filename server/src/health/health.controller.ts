import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { HealthResponse } from '@care/shared';
import { Public } from '../auth/public.decorator';
import { HealthIndicators } from './health-indicators';

@ApiTags('health')
@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicators,
  ) {}

  /** Contract §3: 200 once the database answers and no migration is pending. */
  @ApiRoute({ summary: 'Health: 200 `{status: "ok"}` once the database answers and migrations ran', isPublic: true, errors: [{ status: 503, description: 'Database unavailable or not migrated' }] })
  @Get()
  async check(): Promise<HealthResponse> {
    const database = await this.indicators.database();
    if (database.database.status !== 'up') throw new ServiceUnavailableException('Database unavailable or not migrated');
    return { status: 'ok' };
  }

  /** Liveness: the process answers (restart it if not). Touches nothing else. */
  @ApiRoute({ summary: 'Liveness: the process answers (restart it if not)', isPublic: true })
  @Get('live')
  live(): HealthResponse {
    return { status: 'ok' };
  }

  /** Readiness: send traffic here only when the database, the outbound queue, Redis (if configured) and Twilio answer. */
  @ApiRoute({
    summary: 'Readiness: the database, Redis (if configured) and Twilio are reachable',
    isPublic: true,
    ok: { description: "`info` and `details` hold each dependency's status" },
    errors: [{ status: 503, description: "A dependency is down; `message` names it and `details` holds each dependency's state" }],
  })
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.database(), () => this.indicators.queue(), () => this.indicators.redis(), () => this.indicators.twilio()]);
  }
}
