import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { CONFIG, type Config, DEV_ADMIN_PASSWORD } from '@leadflow/config';
import { DomainError, ErrorCode } from '@leadflow/domain';
import {
  ApiKeysRepository,
  isStorageUnreachable,
  UsernameTakenError,
  UsersRepository,
} from '@leadflow/persistence';
import { effectiveKeyRole } from './api-key-role';
import { hashApiKey } from './api-key-secret';
import { type AuthenticatedUser, ROLES, type Role } from './auth.decorators';
import type { TokenResponseDto } from './dto/token.dto';
import { hashPassword, verifyPassword } from './passwords';

interface TokenClaims {
  sub: string;
  role: Role;
}

// Recording every use of a key would be a write per request; once a minute says enough about "last used".
const API_KEY_TOUCH_INTERVAL_MS = 60_000;

const BEARER = /^Bearer\s+(\S+)$/i;

function unauthorized(message: string): DomainError {
  return new DomainError(ErrorCode.UNAUTHORIZED, message);
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  /**
   * The signing key as a KeyObject, made once. Given a string, jsonwebtoken first tries to parse it as a
   * public key on every verify, and that failed parse cost 0.6 ms of CPU per request.
   */
  private readonly jwtKey: KeyObject;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {
    this.jwtKey = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
  }

  /** The first admin comes from config; idempotent, and safe when several replicas start at once. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_USERNAME, ADMIN_PASSWORD } = this.config;
    if (ADMIN_PASSWORD === DEV_ADMIN_PASSWORD) {
      this.logger.warn(
        `The default admin ${ADMIN_USERNAME}/${DEV_ADMIN_PASSWORD} is in use; set ADMIN_PASSWORD (production refuses it).`,
      );
    }
    if (await this.users.findByUsername(ADMIN_USERNAME)) return;
    try {
      await this.users.create({
        username: ADMIN_USERNAME,
        role: 'admin',
        password_hash: await hashPassword(ADMIN_PASSWORD),
      });
      this.logger.log(`Created the first admin user ${ADMIN_USERNAME}`);
    } catch (error) {
      if (!(error instanceof UsernameTakenError)) throw error;
    }
  }

  async issueToken(username: string, password: string): Promise<TokenResponseDto> {
    const user = await this.users.findByUsername(username);
    const valid = await verifyPassword(password, user?.password_hash);
    if (!user || !valid || !user.is_active) throw unauthorized('Invalid username or password');
    const claims: TokenClaims = { sub: String(user.id), role: user.role };
    const accessToken = jwt.sign(claims, this.jwtKey, {
      algorithm: 'HS256',
      expiresIn: this.config.JWT_TTL_SECONDS,
    });
    return { access_token: accessToken, token_type: 'Bearer', expires_in: this.config.JWT_TTL_SECONDS };
  }

  /**
   * Who sends a request: a bearer token or an X-API-Key. The user behind a token is read again, so that a
   * deleted or deactivated user, or a changed role, takes effect at once rather than when the token expires.
   */
  async authenticate(
    authorization: string | undefined,
    apiKey: string | undefined,
  ): Promise<AuthenticatedUser> {
    if (apiKey !== undefined) return this.authenticateApiKey(apiKey);
    if (authorization === undefined)
      throw unauthorized('Authentication required: send a bearer token or X-API-Key');
    const match = BEARER.exec(authorization);
    if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>"');
    return this.authenticateToken(match[1]);
  }

  /**
   * Whether the caller is an admin, for answers that only admins may see in full on an otherwise public
   * route (health's error texts); never throws. While the storage server is down the user cannot be read
   * again, and that is when an admin reads health: the token's verified role then stands.
   */
  async isAdmin(authorization: string | undefined, apiKey: string | undefined): Promise<boolean> {
    if (authorization === undefined && apiKey === undefined) return false;
    try {
      return (await this.authenticate(authorization, apiKey)).role === 'admin';
    } catch (error) {
      return (
        isStorageUnreachable(error) &&
        apiKey === undefined &&
        this.roleOfVerifiedToken(authorization) === 'admin'
      );
    }
  }

  /**
   * The role a bearer token's signature vouches for, without reading its user: only for what may be said
   * while the storage server is down (which dependency a 503 is about, health's details), for at most the
   * token's lifetime (JWT_TTL_SECONDS). Null without a valid token.
   */
  roleOfVerifiedToken(authorization: string | undefined): Role | null {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (token === undefined) return null;
    try {
      return this.verifyToken(token).role;
    } catch {
      return null;
    }
  }

  /** The active user behind a JWT, wherever it came from (the Authorization header or the token cookie). */
  async authenticateToken(token: string): Promise<AuthenticatedUser> {
    const claims = this.verifyToken(token);
    const user = await this.users.findById(Number(claims.sub));
    if (!user?.is_active) throw unauthorized('The token belongs to no active user');
    return { id: user.id, username: user.username, role: user.role, via: 'token' };
  }

  private verifyToken(token: string): TokenClaims {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.jwtKey, { algorithms: ['HS256'] });
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw unauthorized(expired ? 'The token has expired' : 'The token is not valid');
    }
    const claims = payload as Partial<TokenClaims> | string;
    if (
      typeof claims === 'string' ||
      !/^\d+$/.test(claims.sub ?? '') ||
      !ROLES.includes(claims.role as Role)
    ) {
      throw unauthorized('The token is not valid');
    }
    return claims as TokenClaims;
  }

  private async authenticateApiKey(key: string): Promise<AuthenticatedUser> {
    const stored = await this.apiKeys.findByHash(hashApiKey(key));
    if (!stored) throw unauthorized('The API key is not valid');
    const role = effectiveKeyRole(stored.role, await this.users.findById(stored.created_by));
    if (role === null) throw unauthorized('The API key belongs to no active user');
    const now = new Date();
    if (!stored.last_used_at || now.getTime() - stored.last_used_at.getTime() > API_KEY_TOUCH_INTERVAL_MS) {
      await this.apiKeys.touch(stored.id, now);
    }
    return { id: stored.created_by, username: `api-key:${stored.prefix}`, role, via: 'api_key' };
  }
}
