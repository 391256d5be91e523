/** A fresh `Idempotency-Key` for one action (the same key on every retry of it). */
export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `pk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
