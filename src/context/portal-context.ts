import { createContext } from '@lit/context';
import type { PartnerkitConfig, Theme } from './config.js';

/** What `<pk-portal>` provides to every Partnerkit element inside it. */
export interface PortalContextValue extends PartnerkitConfig {
  theme?: Theme;
}

export const portalContext = createContext<PortalContextValue>(Symbol.for('partnerkit.portal'));
