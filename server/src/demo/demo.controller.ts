import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../common/api-route.decorator';
import type { DemoMessageDto, DemoStatusDto, Page } from '@care/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import type { AuthUser } from '../auth/auth-user';
import { DemoInboundDto } from './demo.dto';
import { DemoService } from './demo.service';

/** "Simulated phones": registered only when the built-in Twilio simulator runs (else every path is a 404). */
@ApiTags('demo')
@Controller('api/demo')
export class DemoController {
  constructor(private readonly demo: DemoService) {}

  @ApiRoute({ summary: 'Simulated phones: the lines and patient numbers the caller may play', description: 'Served only in simulator mode (no Twilio credentials); otherwise every /api/demo path is a 404.' })
  @Get('status')
  status(@CurrentUser() user: AuthUser): Promise<DemoStatusDto> {
    return this.demo.status(user);
  }

  @ApiRoute({
    summary: 'Text a line as a patient (through the simulator, as a signed Twilio webhook)',
    ok: { description: "`{sid}` of the simulated inbound message" },
    errors: [{ status: 404, description: 'Line not found or not usable, or the number is a patient the caller may not see' }, { status: 422, description: 'Invalid request, or from is one of the lines' }, { status: 502, description: 'The simulator did not deliver the text' }],
  })
  @Post('inbound')
  @HttpCode(200)
  inbound(@CurrentUser() user: AuthUser, @Body() request: DemoInboundDto): Promise<{ sid: string }> {
    return this.demo.inbound(user, request);
  }

  @ApiRoute({ summary: 'What the product sent to a simulated number', errors: [{ status: 404, description: 'The number is a patient the caller may not see' }, { status: 422, description: 'number is not E.164' }, { status: 502, description: 'The simulator did not answer' }] })
  @ApiQuery({ name: 'number', required: true, example: '+16175550111', description: 'The simulated phone, E.164' })
  @Get('messages')
  messages(@CurrentUser() user: AuthUser, @Query('number') number?: string): Promise<Page<DemoMessageDto>> {
    return this.demo.messages(user, typeof number === 'string' ? number : '');
  }
}
