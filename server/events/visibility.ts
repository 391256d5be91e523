/**
 * Who receives which outbox event, as one plain function: the event hub filters every event for
 * every subscriber through it (the hub reads the outbox once for all subscribers).
 */
import type { EventType, Motion, Tier } from '../../src/contract/index.js';

export interface OutboxEvent {
  id: string;
  type: EventType;
  audience: 'partner' | 'all' | 'audience' | 'vendor';
  partnerId: string | null;
  audienceTiers: Tier[];
  audienceMotions: Motion[];
  data: unknown;
  vendorData: unknown | null;
  occurredAt: string;
}

export interface Subscriber {
  role: 'partner_user' | 'partner_admin' | 'channel_manager';
  /** null for a channel manager. */
  partner: { id: string; tier: Tier; motions: readonly Motion[] } | null;
}

/** The `data` this subscriber receives for the event, or undefined when it must not receive it. */
export function eventPayloadFor(e: OutboxEvent, s: Subscriber): { data: unknown } | undefined {
  if (s.role === 'channel_manager') return { data: e.vendorData ?? e.data };
  const p = s.partner;
  if (!p) return undefined;
  switch (e.audience) {
    case 'all':
      return { data: e.data };
    case 'partner':
      return e.partnerId === p.id ? { data: e.data } : undefined;
    case 'audience': {
      const tierOk = e.audienceTiers.length === 0 || e.audienceTiers.includes(p.tier);
      const motionOk = e.audienceMotions.length === 0 || e.audienceMotions.some((m) => p.motions.includes(m));
      return tierOk && motionOk ? { data: e.data } : undefined;
    }
    default:
      return undefined;
  }
}
