import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TwilioGateway } from './twilio-gateway';

/**
 * Only Twilio may call the webhooks: X-Twilio-Signature must match the public URL Twilio was
 * given (PUBLIC_BASE_URL + path and query, since proxies rewrite host and scheme) and the form.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger('TwilioSignatureGuard');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly twilio: TwilioGateway,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.headers['x-twilio-signature'];
    const params = isForm(request) ? (request.body as Record<string, string | string[]>) : null;
    const url = this.config.http.publicBaseUrl + request.originalUrl;
    if (typeof signature !== 'string' || !params || !this.twilio.isValidSignature(signature, url, params)) {
      this.logger.warn(`rejected a webhook with a ${typeof signature === 'string' ? 'wrong' : 'missing'} signature on ${request.path}`);
      throw new ForbiddenException('Invalid or missing X-Twilio-Signature');
    }
    return true;
  }
}

function isForm(request: Request): boolean {
  return request.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded' && typeof request.body === 'object' && request.body !== null;
}
