import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { HealthResponse } from '@care/shared';
import { Public } from '../auth/public.decorator';
import { HealthIndicators } from './health-indicators';

@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicators,
  ) {}

  /** Contract §3: 200 once the database answers and no migration is pending. */
  @Get()
  async check(): Promise<HealthResponse> {
    const database = await this.indicators.database();
    if (database.database.status !== 'up') throw new ServiceUnavailableException('Database unavailable or not migrated');
    return { status: 'ok' };
  }

  /** Liveness: the process answers (restart it if not). Touches nothing else. */
  @Get('live')
  live(): HealthResponse {
    return { status: 'ok' };
  }

  /** Readiness: send traffic here only when the database, Redis (if configured) and Twilio are reachable. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.database(), () => this.indicators.redis(), () => this.indicators.twilio()]);
  }
}
