import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import type { MessageDto, Page } from '@care/shared';
import type { AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { InvalidInputError } from '../common/errors/domain-error';
import { isUuid } from '../common/ids';
import { PatientsService } from '../patients/patients.service';
import { Message } from './message.entity';
import { toMessageDto } from './message.mapper';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** Cursor = position of the oldest message of the previous page: (createdAt, id), opaque to clients. */
interface Cursor {
  createdAt: Date;
  id: string;
}

/** A patient's communication history, newest page first, each page oldest-first; every read audited. */
@Injectable()
export class ThreadService {
  constructor(
    private readonly em: EntityManager,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
  ) {}

  async history(user: AuthUser, patientId: string, query: { cursor?: string; limit?: string }): Promise<Page<MessageDto>> {
    const em = this.em.fork();
    const patient = await this.patients.getVisible(user, patientId, em);
    const limit = parseLimit(query.limit);
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;

    const where: FilterQuery<Message> = { patient };
    if (cursor) where.$or = [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }];
    const newestFirst = await em.find(Message, where, {
      populate: ['sentBy', 'conversation', 'line'],
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: limit + 1,
    });
    const page = newestFirst.slice(0, limit);
    const oldest = page.at(-1);

    this.audit.record(em, user, 'thread.read', patient.id, { count: page.length });
    await em.flush();

    return {
      items: page.reverse().map(toMessageDto),
      nextCursor: newestFirst.length > limit && oldest ? encodeCursor({ createdAt: oldest.createdAt, id: oldest.id }) : null,
    };
  }
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  return limit;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  const [iso, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (Number.isNaN(createdAt.getTime()) || !isUuid(id)) throw new InvalidInputError('cursor is not valid');
  return { createdAt, id };
}
