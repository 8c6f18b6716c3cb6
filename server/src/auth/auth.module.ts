import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loadOrCreateSecret } from '../config/secrets';
import { AuthService } from './auth.service';
import { AuthController } from './auth.controller';
import { PasswordHasher } from './password-hasher';
import { JwtAuthGuard } from './jwt-auth.guard';
import { LoginAttempts } from './login-attempts';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret ?? loadOrCreateSecret(config.dataDir, 'jwt-secret'),
        signOptions: { expiresIn: config.sessionIdleSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, PasswordHasher, LoginAttempts, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AuthService, PasswordHasher],
})
export class AuthModule {}
