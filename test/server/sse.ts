/** A small text/event-stream reader for tests: parses events and comments as they arrive. */
export interface SseEvent {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  private buffer = '';
  private waiters: Array<() => void> = [];
  private done = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(readonly response: Response) {
    if (!response.body) throw new Error('no body');
    this.reader = response.body.getReader();
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        this.buffer += this.decoder.decode(value, { stream: true });
        this.parse();
      }
    } catch {
      /* cancelled */
    } finally {
      this.done = true;
      this.wake();
    }
  }

  private parse(): void {
    let at: number;
    while ((at = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, at);
      this.buffer = this.buffer.slice(at + 2);
      const e: SseEvent = { id: undefined, event: undefined, data: '' };
      const data: string[] = [];
      let isEvent = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id:')) (e.id = line.slice(3).trim()), (isEvent = true);
        else if (line.startsWith('event:')) (e.event = line.slice(6).trim()), (isEvent = true);
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, '')), (isEvent = true);
      }
      if (isEvent && data.length) {
        e.data = data.join('\n');
        this.events.push(e);
      }
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `pred()` holds (checked on every chunk), or fails after `ms`. */
  async until(pred: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (this.done) throw new Error(`stream ended before ${what}; events: ${JSON.stringify(this.events.map((e) => [e.id, e.event]))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(this.events.map((e) => [e.id, e.event]))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for an event of `type` (optionally matching), returns its parsed data envelope. */
  async next<T = { id: string; type: string; occurredAt: string; data: Record<string, unknown> }>(type: string, match: (d: T) => boolean = () => true, ms?: number): Promise<T> {
    let found: T | undefined;
    await this.until(() => {
      found = this.events.filter((e) => e.event === type).map((e) => JSON.parse(e.data) as T).find(match);
      return found !== undefined;
    }, ms, type);
    return found!;
  }

  ids(): string[] {
    return this.events.map((e) => e.id ?? '');
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}
