import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { isMessageStatus } from '@care/shared';
import { APP_CONFIG, type AppConfig, type TwilioConfig } from '../config/app-config';
import { TwilioGateway, TwilioSendError, type OutboundSms, type TwilioMessageResult } from './twilio-gateway';

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
    const clientOptions = { timeout: 15_000, keepAlive: true };
    const httpClient = config.twilio.apiBaseUrl === TWILIO_API_ORIGIN ? undefined : new RetargetedRequestClient(config.twilio.apiBaseUrl, clientOptions);
    // autoRetry stays off: retrying a send is the outbound queue's decision, not the SDK's.
    this.client = twilio(config.twilio.accountSid, config.twilio.authToken, { ...clientOptions, httpClient, autoRetry: false });
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
