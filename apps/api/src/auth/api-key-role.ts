import { ROLES, type Role } from './auth.decorators';

/** What of a key's owner decides what the key may do. */
export interface KeyOwner {
  role: Role;
  is_active: boolean;
}

/**
 * The role an API key acts with now: the lesser of the role it was given and its owner's current role, so
 * that a key never outlives its owner's rights (a downgraded admin's key is a viewer's key). Null when the
 * owner is deactivated or deleted: the key is then refused, and works again if the owner is re-activated.
 */
export function effectiveKeyRole(keyRole: Role, owner: KeyOwner | null | undefined): Role | null {
  if (!owner?.is_active) return null;
  return ROLES[Math.min(ROLES.indexOf(keyRole), ROLES.indexOf(owner.role))] ?? null;
}
