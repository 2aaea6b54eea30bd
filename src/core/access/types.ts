import type { Role } from './roles.ts';

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A newsroom account. Never carries its password hash outside the auth service. */
export interface User {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly status: UserStatus;
  /** The byline this user writes under. */
  readonly authorId: number | null;
  readonly createdAt: number;
  /** Signs in with a code from an authenticator app too (TOTP). */
  readonly twoFactor?: boolean;
}

/** Who is acting, as every newsroom operation needs to know it. */
export interface Actor {
  readonly id: number;
  readonly role: Role;
  readonly authorId: number | null;
}

export function actorOf(user: User): Actor {
  return { id: user.id, role: user.role, authorId: user.authorId };
}
