/**
 * Drafts of what a user is typing, kept in localStorage so nothing is lost on a reload, a network
 * failure or an expired session. Keyed by backend URL, partner org and user, so two users of one
 * browser never see each other's drafts. A draft never holds a token. `signOut()` wipes them all.
 */
const PREFIX = 'partnerkit:draft:v1:';

export interface DraftOwner {
  apiUrl: string;
  partnerId: string | null;
  userId: string;
}

export function draftKey(kind: string, owner: DraftOwner): string {
  return `${PREFIX}${kind}:${JSON.stringify([owner.apiUrl, owner.partnerId, owner.userId])}`;
}

/**
 * The owner of what a signed-in user types: the backend (`apiUrl`, or `custom-backend` for a
 * backend object), their partner org and their user id.
 */
export function draftOwner(apiUrl: string | undefined, me: { user: { id: string }; partner?: { id: string } | null }): DraftOwner {
  return { apiUrl: apiUrl ?? 'custom-backend', partnerId: me.partner?.id ?? null, userId: me.user.id };
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked (privacy mode, sandboxed iframe)
  }
}

export function loadDraft<T>(key: string): T | null {
  const raw = storage()?.getItem(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    /* quota exceeded or blocked: keep working without persistence */
  }
}

export function clearDraft(key: string): void {
  storage()?.removeItem(key);
}

/** Removes every Partnerkit draft from this browser. */
export function clearAllDrafts(): void {
  const s = storage();
  if (!s) return;
  const keys: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k?.startsWith(PREFIX)) keys.push(k);
  }
  for (const k of keys) s.removeItem(k);
}
