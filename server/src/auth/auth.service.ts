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
}

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
    const accessToken = await this.jwt.signAsync({ sub: user.id } satisfies TokenClaims);
    return { accessToken, user: toUserDto(authUser) };
  }

  /** Resolves a bearer token to the current user (roles and teams as they are now). */
  async authenticate(token: string | undefined): Promise<AuthUser> {
    if (!token) throw new UnauthorizedError('Missing bearer token');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedError('Invalid or expired token');
    }
    return this.loadUser(claims.sub);
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
