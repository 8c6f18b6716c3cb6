import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { isMessageStatus } from '@care/shared';
import { APP_CONFIG, type AppConfig, type TwilioConfig } from '../config/app-config';
import {
  TwilioGateway,
  TwilioSendError,
  type FetchedMedia,
  type OutboundSms,
  type TwilioListedMessage,
  type TwilioListFilter,
  type TwilioMessageResult,
} from './twilio-gateway';

const TWILIO_API_ORIGIN = 'https://api.twilio.com';

/**
 * The SDK's own HTTP client with every request re-targeted at TWILIO_API_BASE_URL (the simulator,
 * or a proxy); the SDK builds URLs from hard-coded domains (twilio-facts §9.2, option A).
 */
class RetargetedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly apiBaseUrl: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const uri = options.uri.startsWith(TWILIO_API_ORIGIN) ? this.apiBaseUrl + options.uri.slice(TWILIO_API_ORIGIN.length) : options.uri;
    return super.request<TData>({ ...options, uri });
  }
}

@Injectable()
export class TwilioSdkGateway extends TwilioGateway {
  private readonly client: twilio.Twilio;
  private readonly twilioConfig: TwilioConfig;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.twilioConfig = config.twilio;
    const clientOptions = { timeout: config.twilio.timeoutMs, keepAlive: true };
    const httpClient = config.twilio.apiBaseUrl === TWILIO_API_ORIGIN ? undefined : new RetargetedRequestClient(config.twilio.apiBaseUrl, clientOptions);
    // autoRetry stays off: retrying a send is the outbound queue's decision, not the SDK's.
    this.client = twilio(config.twilio.accountSid, config.twilio.authToken, { ...clientOptions, httpClient, autoRetry: false });
  }

  private get basicAuth(): string {
    return `Basic ${Buffer.from(`${this.twilioConfig.accountSid}:${this.twilioConfig.authToken}`).toString('base64')}`;
  }

  /** Twilio's own URLs point at TWILIO_API_BASE_URL when that is set (the simulator, a proxy). */
  private retarget(url: string): string {
    return url.startsWith(`${TWILIO_API_ORIGIN}/`) ? this.twilioConfig.apiBaseUrl + url.slice(TWILIO_API_ORIGIN.length) : url;
  }

  private isTwilioApi(url: string): boolean {
    return originOf(url) === originOf(this.twilioConfig.apiBaseUrl);
  }

  async send(message: OutboundSms): Promise<TwilioMessageResult> {
    try {
      const created = await this.client.messages.create({
        to: message.to,
        ...(message.messagingServiceSid ? { messagingServiceSid: message.messagingServiceSid } : {}),
        ...(message.from ? { from: message.from } : {}),
        body: message.body,
        ...(message.mediaUrls.length > 0 ? { mediaUrl: message.mediaUrls } : {}),
        ...(message.sendAsMms ? { sendAsMms: true } : {}),
        statusCallback: message.statusCallbackUrl,
      });
      return {
        sid: created.sid,
        status: isMessageStatus(created.status) ? created.status : 'queued',
        errorCode: created.errorCode ?? null,
        errorMessage: created.errorMessage ?? null,
      };
    } catch (error) {
      throw toSendError(error);
    }
  }

  async listMessages(filter: TwilioListFilter): Promise<TwilioListedMessage[]> {
    try {
      const messages = await this.client.messages.list({
        ...(filter.to ? { to: filter.to } : {}),
        ...(filter.from ? { from: filter.from } : {}),
        ...(filter.dateSentAfter ? { dateSentAfter: filter.dateSentAfter } : {}),
        pageSize: Math.min(filter.limit, 1000),
        limit: filter.limit,
      });
      return messages.map((message) => ({
        sid: message.sid,
        direction: message.direction,
        from: message.from ?? null,
        to: message.to,
        body: message.body ?? '',
        status: message.status,
        errorCode: message.errorCode ?? null,
        numMedia: Number.parseInt(message.numMedia ?? '0', 10) || 0,
        messagingServiceSid: message.messagingServiceSid ?? null,
        dateSent: message.dateSent ?? null,
        dateCreated: message.dateCreated ?? null,
      }));
    } catch (error) {
      throw toSendError(error);
    }
  }

  async fetchMedia(url: string): Promise<FetchedMedia> {
    let target = this.retarget(url);
    // Twilio answers a media URL with a redirect to short-lived storage: follow it by hand so the
    // credentials go to Twilio's API only, never to the host it redirects to.
    for (let hop = 0; hop < 4; hop += 1) {
      const response = await fetch(target, {
        headers: this.isTwilioApi(target) ? { authorization: this.basicAuth } : {},
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        target = new URL(location, target).toString();
        continue;
      }
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        contentLength: response.headers.get('content-length'),
        body: response.body,
      };
    }
    throw new TwilioSendError('Too many redirects fetching media', null, null, false);
  }

  isValidSignature(signature: string, url: string, params: Record<string, string | string[]>): boolean {
    return twilio.validateRequest(this.twilioConfig.authToken, signature, url, params);
  }
}

function toSendError(error: unknown): TwilioSendError {
  if (error instanceof twilio.RestException) {
    return new TwilioSendError(error.message, error.code ?? null, error.status, false);
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  // A timeout or reset after the request left may mean Twilio has the message; a refused
  // connection means it never arrived.
  const ambiguous = code !== 'ECONNREFUSED' && code !== 'ENOTFOUND' && code !== 'EAI_AGAIN';
  return new TwilioSendError(`Twilio could not be reached: ${message}`, null, null, ambiguous);
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
