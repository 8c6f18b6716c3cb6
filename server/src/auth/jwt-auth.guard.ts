import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuthService } from './auth.service';
import { IS_PUBLIC } from './public.decorator';
import type { AuthUser } from './auth-user';

export const REFRESHED_TOKEN_HEADER = 'X-Refreshed-Token';

/** Global guard: every HTTP route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    const { user, refreshedToken } = await this.auth.authenticateSession(token);
    request.user = user;
    // The client swaps in the refreshed token: in use, a session slides; idle, it expires.
    if (refreshedToken) context.switchToHttp().getResponse<Response>().setHeader(REFRESHED_TOKEN_HEADER, refreshedToken);
    return true;
  }
}
