import { clearAllDrafts } from '../drafts/draft-store.js';
import { dropSessions } from './backend.js';

/**
 * Call when the host page's user signs out: drops the session tokens held in memory and wipes
 * the saved drafts (deal registrations being typed) from this browser.
 */
export function signOut(): void {
  dropSessions();
  clearAllDrafts();
}
