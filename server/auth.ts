import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '../src/contract/index.js';
import { keyWeakness, type SigningKeyRing } from './keys.js';
import { checkBoundOrigin } from './origins.js';
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
  /** The web origin the session is bound to (`org` claim), or null when it is not bound. */
  origin?: string | null;
}

export type AuthEnv = { Variables: { session: SessionClaims; sessionExpired?: boolean } };

/** 401s that are part of normal use (an expired token, which the SDK refreshes), not an attack. */
const EXPIRED = new WeakSet<Error>();

/** Whether this request's 401 was only an expired session (it does not count as a failed authentication). */
export const sessionExpired = (c: { get(key: 'sessionExpired'): boolean | undefined }): boolean => c.get('sessionExpired') === true;

/**
 * Picks the secret key: option → PARTNERKIT_SECRET_KEY → demo default. With NODE_ENV=production
 * the demo key is refused, and so is a short or low-entropy key (and the previous key, when one
 * is given), with a message saying how to generate one.
 */
export function resolveSecretKey(
  option?: string,
  env: NodeJS.ProcessEnv = process.env,
  previousOption?: string,
): { secretKey: string; previousSecretKey: string | null; isDemoDefault: boolean } {
  const secretKey = option ?? (env.PARTNERKIT_SECRET_KEY || undefined) ?? DEMO_SECRET_KEY;
  const previousSecretKey = previousOption ?? (env.PARTNERKIT_SECRET_KEY_PREVIOUS || undefined) ?? null;
  const isDemoDefault = secretKey === DEMO_SECRET_KEY;
  const production = env.NODE_ENV === 'production';
  const howTo = 'Generate one with `npx partnerkit-server keygen` (or `npm run keygen` in the repository) and set PARTNERKIT_SECRET_KEY.';
  if (isDemoDefault && production) {
    throw new Error(`Partnerkit refuses to start with the demo secret key when NODE_ENV=production. ${howTo}`);
  }
  if (secretKey.length < 16) throw new Error(`The Partnerkit secret key must be at least 16 characters long. ${howTo}`);
  if (production) {
    for (const [name, key] of [['PARTNERKIT_SECRET_KEY', secretKey], ['PARTNERKIT_SECRET_KEY_PREVIOUS', previousSecretKey]] as const) {
      if (key === null) continue;
      if (key === DEMO_SECRET_KEY) throw new Error(`${name} is the demo secret key, refused when NODE_ENV=production. ${howTo}`);
      const weak = keyWeakness(key);
      if (weak) throw new Error(`${name} is refused when NODE_ENV=production: ${weak}. ${howTo}`);
    }
  }
  return { secretKey, previousSecretKey, isDemoDefault };
}

/** How many verified session tokens are remembered (the oldest is forgotten first). */
const VERIFIED_TOKENS = 5000;

export class SessionAuth {
  private readonly secretDigests: Buffer[];

  /**
   * @param secretKeys the current secret key and, during a rotation, the previous one: both are
   *   accepted at POST /v1/sessions, neither as a session token.
   * @param signing the keys that sign (current) and verify (current and previous) session tokens;
   *   independent of the secret keys.
   */
  constructor(
    secretKeys: { current: string; previous?: string | null },
    private readonly signing: SigningKeyRing,
    private readonly ttlSeconds: number = DEFAULT_SESSION_TTL_SECONDS,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.secretDigests = [secretKeys.current, ...(secretKeys.previous ? [secretKeys.previous] : [])].map((k) => createHash('sha256').update(k).digest());
  }

  /** Constant-time comparison of a presented secret key with the current and previous ones (digests are always equal length). */
  isSecretKey(candidate: string): boolean {
    const digest = createHash('sha256').update(candidate).digest();
    let match = false;
    for (const d of this.secretDigests) match = timingSafeEqual(digest, d) || match;
    return match;
  }

  async mint(claims: SessionClaims): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const { kid, key } = this.signing.current();
    const token = await new SignJWT({ pid: claims.partnerId, role: claims.role, name: claims.name, email: claims.email, org: claims.origin ?? null, typ: TOKEN_TYPE })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /**
   * Tokens verified before, until they expire: a page sends the same token with every request,
   * and checking its signature again (HMAC through WebCrypto) was a tenth of a list request's
   * CPU. A hit still needs its signing key known (a retired key ends its tokens at once) and
   * its `exp` ahead; anything else is verified from scratch, with the same errors.
   */
  private readonly verified = new Map<string, { claims: SessionClaims; exp: number; kid: string }>();

  async verify(token: string): Promise<SessionClaims> {
    const hit = this.verified.get(token);
    if (hit && Math.floor(this.now().getTime() / 1000) < hit.exp && (await this.signing.find(hit.kid))) return hit.claims;
    if (hit) this.verified.delete(token);
    return this.verifyToken(token);
  }

  private async verifyToken(token: string): Promise<SessionClaims> {
    try {
      const { payload, protectedHeader } = await jwtVerify(
        token,
        async (header) => {
          const found = typeof header.kid === 'string' ? await this.signing.find(header.kid) : undefined;
          if (!found) throw unauthorized('The session token was signed with an unknown or retired key; request a new one.');
          return found.key;
        },
        {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: this.now(),
          requiredClaims: ['sub', 'exp', 'iat'],
        },
      );
      const role = payload.role;
      if (payload.typ !== TOKEN_TYPE || typeof payload.sub !== 'string') throw unauthorized('The bearer token is not a Partnerkit session token.');
      if (role !== 'partner_user' && role !== 'partner_admin' && role !== 'channel_manager') throw unauthorized('The session token has an invalid role.');
      const pid = payload.pid;
      if (role === 'channel_manager' ? pid !== null : typeof pid !== 'string') throw unauthorized('The session token has an invalid partner.');
      const claims: SessionClaims = Object.freeze({
        userId: payload.sub,
        partnerId: (pid as string | null) ?? null,
        role,
        name: typeof payload.name === 'string' ? payload.name : payload.sub,
        email: typeof payload.email === 'string' ? payload.email : null,
        origin: typeof payload.org === 'string' ? payload.org : null,
      });
      if (typeof protectedHeader.kid === 'string' && typeof payload.exp === 'number') {
        if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
        this.verified.set(token, { claims, exp: payload.exp, kid: protectedHeader.kid });
      }
      return claims;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        const expired = unauthorized('The session token has expired; request a new one.');
        EXPIRED.add(expired);
        throw expired;
      }
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
    let session: SessionClaims;
    try {
      session = await auth.verify(token);
    } catch (err) {
      if (err instanceof Error && EXPIRED.has(err)) c.set('sessionExpired', true);
      throw err;
    }
    checkBoundOrigin(session.origin ?? null, c.req.header('origin'));
    c.set('session', session);
    await next();
  };
}
