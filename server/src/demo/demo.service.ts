import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { DemoMessageDto, DemoStatusDto, Page } from '@care/shared';
import { canSeeTeam, type AuthUser } from '../auth/auth-user';
import { DomainError, InvalidInputError, NotFoundError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { toLineDto } from '../lines/line.mapper';
import type { Line } from '../lines/line.entity';
import { LinesService } from '../lines/lines.service';
import { PatientPhone } from '../patients/patient-phone.entity';
import { PatientsService } from '../patients/patients.service';
import type { SimulatedMessage } from '../twilio-simulator/simulator-types';
import { E164 } from './demo.dto';

const SIMULATOR_TIMEOUT_MS = 10_000;
const MAX_MESSAGES = 200;

/**
 * Lets anyone logged in play a patient: their text goes through the simulator's `/sim/inbound`
 * (so it reaches the product as a signed Twilio webhook, exactly like a real one), and they see
 * what the product sent back to that number. Only lines the caller may use, and only numbers that
 * are not another team's patient's.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('DemoService');
  private readonly simulatorUrl: string;

  constructor(
    private readonly em: EntityManager,
    private readonly lines: LinesService,
    private readonly patients: PatientsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.simulatorUrl = config.twilio.apiBaseUrl.replace(/\/+$/, '');
  }

  async status(user: AuthUser): Promise<DemoStatusDto> {
    const [lines, page] = await Promise.all([this.lines.usableLines(user), this.patients.list(user, undefined, undefined)]);
    return {
      enabled: true,
      lines: lines.filter((line) => line.number !== null).map(toLineDto),
      patients: page.items.flatMap((patient) =>
        patient.phones.filter((phone) => phone.type !== 'landline').map((phone) => ({ patientId: patient.id, name: patient.name, number: phone.number })),
      ),
    };
  }

  async inbound(user: AuthUser, request: { from: string; to: string; body: string }): Promise<{ sid: string }> {
    const lines = await this.lines.usableLines(user);
    if (!lines.some((line) => line.number === request.to)) throw new NotFoundError('Line');
    if (lines.some((line) => line.number === request.from)) throw new InvalidInputError('from must be a patient’s phone, not one of your lines');
    await this.assertNumberVisible(user, request.from);
    const answer = await this.simulator('POST', '/sim/inbound', { from: request.from, to: request.to, body: request.body });
    if (answer.status === 200) return { sid: String((answer.body as { sid?: unknown }).sid ?? '') };
    if (answer.status === 400) throw new InvalidInputError(messageOf(answer.body) ?? 'The simulator refused the text');
    this.logger.warn(`simulator answered ${answer.status} to a demo inbound text`);
    throw new DomainError('twilio_unavailable', 'The simulated text was not delivered to the app; try again');
  }

  async messages(user: AuthUser, number: string): Promise<Page<DemoMessageDto>> {
    if (!E164.test(number)) throw new InvalidInputError('number must be a phone number in E.164 format, e.g. +16175550123');
    await this.assertNumberVisible(user, number);
    const lines = await this.lines.usableLines(user);
    const [sent, received] = await Promise.all([this.simMessages({ to: number }), this.simMessages({ from: number })]);
    const outbound = sent.filter((message) => message.direction !== 'inbound' && isLineOf(lines, message.from, message.messagingServiceSid));
    const inbound = received.filter((message) => message.direction === 'inbound' && isLineOf(lines, message.to, null));
    const items = [...inbound, ...outbound]
      .sort((a, b) => a.dateCreated.localeCompare(b.dateCreated) || (a.direction === 'inbound' ? -1 : 1))
      .slice(-MAX_MESSAGES)
      .map(toDemoMessage);
    return { items, nextCursor: null };
  }

  /** A number on the profile of a patient the caller may not see is off limits (as that patient would be). */
  private async assertNumberVisible(user: AuthUser, number: string): Promise<void> {
    const phones = await this.em.fork().find(PatientPhone, { organization: user.organizationId, number }, { populate: ['patient'] });
    if (phones.some((phone) => !canSeeTeam(user, phone.patient.team.id))) throw new NotFoundError('Patient');
  }

  private async simMessages(filter: { to?: string; from?: string }): Promise<SimulatedMessage[]> {
    const answer = await this.simulator('GET', `/sim/messages?${new URLSearchParams(filter)}`);
    if (answer.status !== 200) throw new DomainError('twilio_unavailable', 'The Twilio simulator did not answer');
    return ((answer.body as { messages?: SimulatedMessage[] }).messages ?? []).slice(-MAX_MESSAGES);
  }

  private async simulator(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    try {
      const response = await fetch(this.simulatorUrl + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(SIMULATOR_TIMEOUT_MS),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    } catch (error) {
      this.logger.warn(`Twilio simulator unreachable: ${error instanceof Error ? error.name : 'error'}`);
      throw new DomainError('twilio_unavailable', 'The Twilio simulator did not answer');
    }
  }
}

function isLineOf(lines: Line[], number: string | null, messagingServiceSid: string | null): boolean {
  return lines.some((line) => (number !== null && line.number === number) || (messagingServiceSid !== null && line.messagingServiceSid === messagingServiceSid));
}

function messageOf(body: unknown): string | null {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : null;
}

function toDemoMessage(message: SimulatedMessage): DemoMessageDto {
  return {
    sid: message.sid,
    direction: message.direction === 'inbound' ? 'inbound' : 'outbound',
    from: message.from,
    to: message.to,
    body: message.body,
    status: message.status,
    carrierReply: message.direction === 'outbound-reply',
    createdAt: message.dateCreated,
  };
}
