import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '../src/contract/index.js';
import { unauthorized } from './problem.js';

export const DEMO_SECRET_KEY = 'pk_demo_secret_key_do_not_use_in_production';
export const DEFAULT_SESSION_TTL_SECONDS = 900;
const ISSUER = 'partnerkit';
const AUDIENCE = 'partnerkit';
const TOKEN_TYPE = 'pk_session';

export interface SessionClaims {
  userId: string;
  partnerId: string | null;
  role: Role;
  name: string;
  email: string | null;
}

export type AuthEnv = { Variables: { session: SessionClaims } };

/** Picks the secret key: option → PARTNERKIT_SECRET_KEY → demo default (refused in production). */
export function resolveSecretKey(option?: string, env: NodeJS.ProcessEnv = process.env): { secretKey: string; isDemoDefault: boolean } {
  const secretKey = option ?? (env.PARTNERKIT_SECRET_KEY || undefined) ?? DEMO_SECRET_KEY;
  const isDemoDefault = secretKey === DEMO_SECRET_KEY;
  if (isDemoDefault && env.NODE_ENV === 'production') {
    throw new Error(
      'Partnerkit refuses to start with the demo secret key when NODE_ENV=production. ' +
        'Set PARTNERKIT_SECRET_KEY (or the secretKey option) to a long random value.',
    );
  }
  if (secretKey.length < 16) throw new Error('The Partnerkit secret key must be at least 16 characters long.');
  return { secretKey, isDemoDefault };
}

export class SessionAuth {
  private readonly signingKey: Uint8Array;
  private readonly secretDigest: Buffer;

  constructor(
    secretKey: string,
    private readonly ttlSeconds: number = DEFAULT_SESSION_TTL_SECONDS,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.signingKey = new Uint8Array(createHmac('sha256', secretKey).update('partnerkit-session-v1').digest());
    this.secretDigest = createHash('sha256').update(secretKey).digest();
  }

  /** Constant-time comparison of a presented secret key (digests are always equal length). */
  isSecretKey(candidate: string): boolean {
    const digest = createHash('sha256').update(candidate).digest();
    return timingSafeEqual(digest, this.secretDigest);
  }

  async mint(claims: SessionClaims): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ pid: claims.partnerId, role: claims.role, name: claims.name, email: claims.email, typ: TOKEN_TYPE })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.signingKey);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, this.signingKey, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.now(),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const role = payload.role;
      if (payload.typ !== TOKEN_TYPE || typeof payload.sub !== 'string') throw unauthorized('The bearer token is not a Partnerkit session token.');
      if (role !== 'partner_user' && role !== 'partner_admin' && role !== 'channel_manager') throw unauthorized('The session token has an invalid role.');
      const pid = payload.pid;
      if (role === 'channel_manager' ? pid !== null : typeof pid !== 'string') throw unauthorized('The session token has an invalid partner.');
      return {
        userId: payload.sub,
        partnerId: (pid as string | null) ?? null,
        role,
        name: typeof payload.name === 'string' ? payload.name : payload.sub,
        email: typeof payload.email === 'string' ? payload.email : null,
      };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthorized('The session token has expired; request a new one.');
      if (err instanceof Error && err.name === 'ProblemError') throw err;
      throw unauthorized('The session token is invalid.');
    }
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/** Requires `Authorization: Bearer <session token>` and stores the claims in `c.var.session`. */
export function requireSession(auth: SessionAuth): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw unauthorized('Send Authorization: Bearer <session token>.');
    if (auth.isSecretKey(token)) throw unauthorized('A secret key is not accepted here; exchange it for a session token at POST /v1/sessions.');
    c.set('session', await auth.verify(token));
    await next();
  };
}
