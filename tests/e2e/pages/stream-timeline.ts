import type { Locator, Page } from 'playwright-core';
import { waitUntil, type WaitOptions } from './wait';

export interface TimelineRow {
  /** The row's accessible name: `<direction> #<seq> <kind>`, e.g. `received #4 message`. */
  name: string;
  direction: 'sent' | 'received';
  seq: number;
  /** `started`, `message`, `headers`, `trailers`, `half-close`, `cancelled` or `status`. */
  kind: string;
  /** The Summary cell: `started …`, `message 0 …`, `headers (n) …`, `end of stream (half-close)`, `status OK`… */
  summary: string;
}

const ROW_NAME = /^(sent|received) #(\d+) ([a-z-]+)$/;

/** The Timeline view: a virtualized grid named Stream timeline, one row per call event. */
export class StreamTimeline {
  readonly grid: Locator;
  readonly rows: Locator;
  readonly direction: Locator;
  readonly search: Locator;
  readonly pauseButton: Locator;
  readonly exportButton: Locator;

  constructor(readonly page: Page) {
    const controls = page.getByRole('toolbar', { name: 'Timeline controls' });
    this.grid = page.getByRole('grid', { name: 'Stream timeline' });
    this.rows = this.grid.getByRole('row', { name: ROW_NAME });
    this.direction = controls.getByRole('combobox', { name: 'Direction' });
    this.search = controls.getByRole('searchbox', { name: 'Search events' });
    this.pauseButton = controls.getByRole('button', { name: 'Pause view' });
    this.exportButton = controls.getByRole('button', { name: 'Export NDJSON' });
  }

  /** How many events the grid holds, in view or not (`aria-rowcount` counts the header row too). */
  async eventCount(): Promise<number> {
    return Number(await this.grid.getAttribute('aria-rowcount')) - 1;
  }

  /**
   * Every event the grid holds, in order. The list is virtualized, so by default this checks that every
   * event is in the DOM; tests keep streams short enough to fit the view. With `{ complete: false }` it
   * reads only the rows rendered, which for a live stream are the newest (the view follows the tail).
   */
  async readRows(options: { complete?: boolean } = {}): Promise<TimelineRow[]> {
    const total = await this.eventCount();
    const rows = await this.rows.all();
    if (options.complete !== false && rows.length !== total) throw new Error(`the timeline shows ${rows.length} of ${total} events: make the window taller`);
    const result: TimelineRow[] = [];
    for (const row of rows) {
      const name = (await row.getAttribute('aria-label')) ?? '';
      const match = ROW_NAME.exec(name);
      if (!match) throw new Error(`unexpected timeline row name ${JSON.stringify(name)}`);
      const summary = ((await row.getByRole('gridcell').last().textContent()) ?? '').trim();
      result.push({ name, direction: match[1] as TimelineRow['direction'], seq: Number(match[2]), kind: match[3] as string, summary });
    }
    return result;
  }

  /** Reads the rows until `accept` holds (the grid refreshes a live stream every 100 ms). */
  async waitForRows(accept: (rows: TimelineRow[]) => boolean, options: WaitOptions & { complete?: boolean }): Promise<TimelineRow[]> {
    return waitUntil(() => this.readRows({ complete: options.complete ?? true }), accept, options);
  }

  /** Waits until the timeline ends with the call's status row (`status <NAME>…`). */
  async waitForEnd(statusName: string, options: { complete?: boolean } = {}): Promise<TimelineRow[]> {
    return this.waitForRows((rows) => rows.at(-1)?.summary.startsWith(`status ${statusName}`) === true, { what: `a final "status ${statusName}" row`, ...options });
  }

  /** Received message rows (`message <index>` summaries), not headers, trailers or status. */
  static receivedMessages(rows: TimelineRow[]): TimelineRow[] {
    return rows.filter((r) => r.direction === 'received' && /^message \d+/.test(r.summary));
  }

  static sentMessages(rows: TimelineRow[]): TimelineRow[] {
    return rows.filter((r) => r.direction === 'sent' && /^message \d+/.test(r.summary));
  }
}
