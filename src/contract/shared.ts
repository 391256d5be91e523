/**
 * Small pieces several contracts share (engagement, content, metrics): partner tiers and the
 * rich-text limit. A file of their own so an element that needs only these (insights, the content
 * library) does not load the engagement schemas with them; src/contract/engagement.ts re-exports them.
 */
import * as z from 'zod/mini';

export const TIERS = ['registered', 'silver', 'gold', 'platinum'] as const;
export const TierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof TierSchema>;

/** Largest Markdown body the server accepts (rules, announcements, content descriptions). */
export const RICH_TEXT_MAX = 100_000;
