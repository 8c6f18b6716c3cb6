import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { HealthResponse } from '@care/shared';
import { Public } from '../auth/public.decorator';

@Public()
@Controller('api/health')
export class HealthController {
  constructor(private readonly orm: MikroORM) {}

  /** 200 once the database answers and no migration is pending. */
  @Get()
  async check(): Promise<HealthResponse> {
    try {
      await this.orm.em.getConnection().execute('select 1');
      const pending = await this.orm.getMigrator().getPendingMigrations();
      if (pending.length > 0) throw new Error('migrations pending');
    } catch {
      throw new ServiceUnavailableException('Database unavailable or not migrated');
    }
    return { status: 'ok' };
  }
}
