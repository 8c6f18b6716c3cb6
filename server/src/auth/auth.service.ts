import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { EntityManager } from '@mikro-orm/postgresql';
import type { LoginResponse } from '@care/shared';
import { User } from '../users/user.entity';
import { DomainError, UnauthorizedError } from '../common/errors/domain-error';
import { LoginAttempts } from './login-attempts';
import { PasswordHasher } from './password-hasher';
import { toAuthUser, toUserDto, type AuthUser } from './auth-user';

const DISABLED_MESSAGE = 'Unauthorized: this account is disabled';

interface TokenClaims {
  sub: string;
  /** When the session began (login), seconds since the epoch: refreshing never extends past MAX_SESSION_SECONDS. */
  sst: number;
  iat?: number;
  exp?: number;
}

/** However active, a session ends 12 hours after login. */
const MAX_SESSION_SECONDS = 12 * 60 * 60;

@Injectable()
export class AuthService {
  /** Verifying against a real hash when the email is unknown keeps response times alike. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly jwt: JwtService,
    private readonly passwords: PasswordHasher,
    private readonly attempts: LoginAttempts,
  ) {}

  async login(email: string, password: string, address = 'unknown'): Promise<LoginResponse> {
    const waitMs = this.attempts.retryAfterMs(email, address);
    if (waitMs > 0) {
      throw new DomainError('too_many_attempts', `Too many failed logins. Try again in ${Math.ceil(waitMs / 60_000)} minute(s).`);
    }
    const user = await this.em.fork().findOne(User, { email: email.trim().toLowerCase() }, { populate: ['teams'] });
    const hash = user?.passwordHash ?? (await (this.dummyHash ??= this.passwords.hash('not-a-password')));
    const valid = await this.passwords.verify(hash, password);
    if (!user || !valid) {
      this.attempts.recordFailure(email, address);
      throw new UnauthorizedError('Invalid email or password');
    }
    this.attempts.recordSuccess(email, address);
    if (user.disabledAt) throw new UnauthorizedError(DISABLED_MESSAGE);
    const authUser = toAuthUser(user);
    const accessToken = await this.jwt.signAsync({ sub: user.id, sst: Math.floor(Date.now() / 1000) } satisfies TokenClaims);
    return { accessToken, user: toUserDto(authUser) };
  }

  /** Resolves a bearer token to the current user (roles and teams as they are now). */
  async authenticate(token: string | undefined): Promise<AuthUser> {
    return (await this.authenticateSession(token)).user;
  }

  /**
   * The user, and a fresh token when this one has used more than half of its idle window: an
   * active session slides, an idle one (no call for SESSION_IDLE_SECONDS) expires. Never beyond
   * 12 hours after login.
   */
  async authenticateSession(token: string | undefined): Promise<{ user: AuthUser; refreshedToken: string | null }> {
    if (!token) throw new UnauthorizedError('Missing bearer token');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedError('Invalid or expired token');
    }
    const now = Math.floor(Date.now() / 1000);
    const sessionStart = typeof claims.sst === 'number' ? claims.sst : (claims.iat ?? now);
    if (now - sessionStart > MAX_SESSION_SECONDS) throw new UnauthorizedError('Your session has ended; please log in again');
    const user = await this.loadUser(claims.sub);
    const halfUsed = claims.iat !== undefined && claims.exp !== undefined && now - claims.iat > (claims.exp - claims.iat) / 2;
    const refreshedToken = halfUsed ? await this.jwt.signAsync({ sub: claims.sub, sst: sessionStart } satisfies TokenClaims) : null;
    return { user, refreshedToken };
  }

  /**
   * The user as they are now (teams, role), for a token already verified; refused once the user
   * is gone or disabled. Sockets call it again before `sync` and `thread:watch`.
   */
  async loadUser(userId: string): Promise<AuthUser> {
    const user = await this.em.fork().findOne(User, { id: userId }, { populate: ['teams'] });
    if (!user) throw new UnauthorizedError('Invalid or expired token');
    if (user.disabledAt) throw new UnauthorizedError(DISABLED_MESSAGE);
    return toAuthUser(user);
  }
}
