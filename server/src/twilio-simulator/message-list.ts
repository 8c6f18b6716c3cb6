import { floorToSecond, parseDateFilter, type DateFilterValue } from './dates';
import { messagesPath, toTwilioMessageJson, type TwilioMessageJson } from './message-resource';
import type { MessageRecord } from './simulator-types';
import { twilioErrors } from './twilio-errors';

/** Twilio's list envelope (twilio-facts §1.4); twilio-node finds `messages` as the one non-meta key. */
export interface TwilioMessageListJson {
  first_page_uri: string;
  end: number;
  previous_page_uri: string | null;
  messages: TwilioMessageJson[];
  uri: string;
  page_size: number;
  start: number;
  next_page_uri: string | null;
  page: number;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const FILTER_PARAMS = ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>'] as const;

/**
 * One page of `GET .../Messages.json`: newest first like Twilio, filtered, paged with `Page` and
 * Twilio-style `PageToken`s (`PA<sid>` = after that message, `PB<sid>` = before it), so a client
 * following `next_page_uri` does not skip or repeat messages when new ones arrive meanwhile.
 */
export function listMessagesPage(
  records: readonly MessageRecord[],
  query: URLSearchParams,
  accountSid: string,
): TwilioMessageListJson {
  const matching = records.filter(buildFilter(query)).reverse();
  const pageSize = clampPageSize(query.get('PageSize'));
  const page = parseNonNegativeInt('Page', query.get('Page')) ?? 0;
  const start = resolveStartIndex(matching, query.get('PageToken'), page, pageSize);
  const pageRecords = matching.slice(start, start + pageSize);

  const base = messagesPath(accountSid);
  const filters = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    const value = query.get(name);
    if (value !== null) filters.set(name, value);
  }
  const pageUri = (pageNumber: number, token?: string): string => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(pageNumber));
    if (token) params.set('PageToken', token);
    return `${base}?${params.toString()}`;
  };

  const first = pageRecords[0];
  const last = pageRecords[pageRecords.length - 1];
  const hasNext = start + pageSize < matching.length && last !== undefined;
  const hasPrevious = start > 0 && first !== undefined;
  return {
    first_page_uri: pageUri(0),
    end: Math.max(start, start + pageRecords.length - 1),
    previous_page_uri: hasPrevious ? pageUri(Math.max(0, page - 1), `PB${first.sid}`) : null,
    messages: pageRecords.map((r) => toTwilioMessageJson(r, accountSid)),
    uri: pageUri(page, query.get('PageToken') ?? undefined),
    page_size: pageSize,
    start,
    next_page_uri: hasNext ? pageUri(page + 1, `PA${last.sid}`) : null,
    page,
  };
}

function buildFilter(query: URLSearchParams): (m: MessageRecord) => boolean {
  const to = query.get('To');
  const from = query.get('From');
  const on = dateParam(query, 'DateSent');
  const onOrBefore = dateParam(query, 'DateSent<');
  const onOrAfter = dateParam(query, 'DateSent>');
  const anyDate = on ?? onOrBefore ?? onOrAfter;

  return (m) => {
    if (to !== null && m.to !== to) return false;
    if (from !== null && m.from !== from) return false;
    if (!anyDate) return true;
    if (!m.dateSent) return false;
    const sent = floorToSecond(m.dateSent);
    // `DateSent` is a day filter in Twilio's docs, so a full datetime selects its whole UTC day.
    if (on && (sent < on.dayStart.getTime() || sent >= on.nextDayStart.getTime())) return false;
    if (onOrBefore && sent > upperBound(onOrBefore)) return false;
    if (onOrAfter && sent < lowerBound(onOrAfter)) return false;
    return true;
  };
}

/** A bare date includes its whole day; a datetime is an exact, inclusive bound. */
function upperBound(value: DateFilterValue): number {
  return value.dateOnly ? value.nextDayStart.getTime() - 1 : value.instant.getTime();
}

function lowerBound(value: DateFilterValue): number {
  return value.dateOnly ? value.dayStart.getTime() : value.instant.getTime();
}

function dateParam(query: URLSearchParams, name: string): DateFilterValue | null {
  const raw = query.get(name);
  if (raw === null) return null;
  const parsed = parseDateFilter(raw);
  if (!parsed) throw twilioErrors.invalidParameter(name, raw);
  return parsed;
}

function clampPageSize(raw: string | null): number {
  const size = parseNonNegativeInt('PageSize', raw) ?? DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
}

function parseNonNegativeInt(name: string, raw: string | null): number | null {
  if (raw === null) return null;
  if (!/^\d+$/.test(raw)) throw twilioErrors.invalidParameter(name, raw);
  return Number(raw);
}

function resolveStartIndex(matching: readonly MessageRecord[], token: string | null, page: number, pageSize: number): number {
  const bySid = (sid: string): number => matching.findIndex((m) => m.sid === sid);
  if (token?.startsWith('PA')) {
    const index = bySid(token.slice(2));
    if (index !== -1) return index + 1;
  }
  if (token?.startsWith('PB')) {
    const index = bySid(token.slice(2));
    if (index !== -1) return Math.max(0, index - pageSize);
  }
  return page * pageSize;
}
