import { roleCan, type Permission, type Role } from './roles.ts';

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
  /**
   * Set when the actor comes through an Admin API token: of its role's permissions it may use only
   * these. Absent for a newsroom session (the whole role).
   */
  readonly scopes?: readonly Permission[];
}

/** True when the actor's role holds the permission and, for a token, the token was given it. */
export function actorCan(actor: Actor, permission: Permission): boolean {
  return roleCan(actor.role, permission) && (actor.scopes === undefined || actor.scopes.includes(permission));
}

export function actorOf(user: User): Actor {
  return { id: user.id, role: user.role, authorId: user.authorId };
}
