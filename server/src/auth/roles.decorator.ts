import { SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import type { UserRole } from '@care/shared';
import { RolesGuard } from './roles.guard';

export const ROLES = 'auth:roles';

/** Only users with one of these roles may call the route (others get 403). */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(ROLES, roles), UseGuards(RolesGuard));
