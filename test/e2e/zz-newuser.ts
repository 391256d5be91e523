// One-off new-user check (not part of the suite): the default portal in German and Arabic on a page
// with hostile CSS, partner and channel manager, 390 and 1440 px, each section.
import { openPage, startPagesE2e } from './harness.js';
const HOSTILE = '* { text-transform: uppercase; letter-spacing: 2px; color: red !important; } table, td, th, div { border: 3px solid lime; } button { background: yellow; }';
const page = (sdk: string, api: string, lang: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Vendor</title><link rel="icon" href="data:,"><style>${HOSTILE}</style>
<script type="module" src="${sdk}"></script></head>
<body><h1>Vendor partner site</h1><pk-portal api-url="${api}" session-url="/partnerkit/session"></pk-portal></body></html>`;
async function main() {
  const e2e = await startPagesE2e((sdk, api) => ({ '/de': { html: page(sdk, api, 'de') }, '/ar': { html: page(sdk, api, 'ar') } }));
  try {
    for (const [user, lang] of [['u_nw_rep', 'de'], ['u_cm', 'de'], ['u_nw_rep', 'ar']] as const) {
      for (const width of [390, 1440]) {
        const { page: p, errors, close } = await openPage(e2e.browser);
        await p.setViewport({ width, height: 1100 });
        await p.goto(`${e2e.site.url}/login?user=${user}&to=/${lang}`);
        await p.waitForFunction(() => !!document.querySelector('pk-portal')?.shadowRoot?.querySelector('pk-insights')?.shadowRoot?.querySelector('[part~="figure"]'), { timeout: 30_000 });
        await new Promise((r) => setTimeout(r, 800));
        await p.screenshot({ path: `/work/shots/${user}-${lang}-${width}-insights.png`, fullPage: false });
        for (const section of ['pipeline', 'content']) {
          const ok = await p.evaluate((s) => { const t = document.querySelector('pk-portal')!.shadowRoot!.querySelector<HTMLElement>(`#tab-${s}`); t?.click(); return !!t; }, section);
          if (!ok) { console.log('no tab', section); continue; }
          await new Promise((r) => setTimeout(r, 2500));
          await p.screenshot({ path: `/work/shots/${user}-${lang}-${width}-${section}.png`, fullPage: false });
        }
        const overflow = await p.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        console.log(user, lang, width, 'errors', errors.length, errors.slice(0, 2), 'sideways overflow', overflow);
        await close();
      }
    }
  } finally { await e2e.close(); }
}
void main();
