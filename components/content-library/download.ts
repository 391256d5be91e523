import type { ContentItem } from '../../src/contract/content.js';
import type { ContentHost } from './host.js';

/**
 * Downloads an item's file with the session token (the file URL needs `Authorization`, so a
 * plain link cannot fetch it), saves it under its own name, records the download and fires
 * `pk-content-engaged`. Which downloads are running or failed is kept per item.
 */
export class Downloads {
  readonly busy = new Set<string>();
  readonly failed = new Set<string>();

  constructor(private readonly host: ContentHost) {}

  async run(item: ContentItem): Promise<void> {
    if (this.busy.has(item.id)) return;
    this.busy.add(item.id);
    this.failed.delete(item.id);
    this.host.requestUpdate();
    try {
      const blob = await this.host.call((b) => b.downloadContent!(item.id));
      saveBlob(this.host.renderRoot, blob, item.file?.name ?? item.title);
      void this.host.engaged(item, 'download');
    } catch {
      this.failed.add(item.id);
    } finally {
      this.busy.delete(item.id);
      this.host.requestUpdate();
    }
  }
}

/** Saves a Blob as a file: an object URL on a temporary `<a download>`, revoked once the browser has it. */
function saveBlob(root: HTMLElement | DocumentFragment, blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  root.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
