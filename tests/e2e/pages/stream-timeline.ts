import type { Locator, Page } from 'playwright-core';
import { waitUntil, type WaitOptions } from '../../kit/until';
import type { MessageDirection } from '../../../shared/model';

export interface TimelineRow {
  /** The row's accessible name: `<direction> #<seq> <kind>`, e.g. `received #4 message`. */
  name: string;
  direction: MessageDirection;
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
  /** `Exporting… n%` while an export runs. */
  readonly exportProgress: Locator;
  /** Every row element in the DOM: events, placeholders being read from Ferry, and the header. */
  readonly renderedRows: Locator;
  /** Rows still being read from Ferry (`#<seq> loading`). */
  readonly placeholders: Locator;
  /** The inspector under the grid: the selected event in full. */
  readonly inspector: Locator;
  /** The notice shown while events arrive faster than the view takes them. */
  readonly catchingUp: Locator;
  /** The line that says how many events there are, and what the view is doing (Searching… n%). */
  readonly statusLine: Locator;

  constructor(readonly page: Page) {
    const controls = page.getByRole('toolbar', { name: 'Timeline controls' });
    this.grid = page.getByRole('grid', { name: 'Stream timeline' });
    this.rows = this.grid.getByRole('row', { name: ROW_NAME });
    this.direction = controls.getByRole('combobox', { name: 'Direction' });
    this.search = controls.getByRole('searchbox', { name: 'Search events' });
    this.pauseButton = controls.getByRole('button', { name: 'Pause view' });
    this.exportButton = controls.getByRole('button', { name: 'Export NDJSON' });
    this.exportProgress = controls.getByRole('status', { name: 'Export progress' });
    this.renderedRows = this.grid.getByRole('row');
    this.placeholders = this.grid.getByRole('row', { name: /^#\d+ loading$/ });
    this.inspector = page.getByRole('region', { name: 'Event details' });
    this.catchingUp = page.getByRole('status', { name: 'Catching up' });
    this.statusLine = controls.locator('[aria-live="polite"]');
  }

  /** Presses a key in the grid (↑ ↓ PageUp PageDown Home End move the selection). */
  async press(key: string): Promise<void> {
    await this.grid.focus();
    await this.grid.press(key);
  }

  /** The selected row's accessible name, once it is loaded (`received #5 message`). */
  async selectedName(): Promise<string | undefined> {
    const selected = this.grid.locator('[role="row"][aria-selected="true"]');
    return (await selected.count()) === 0 ? undefined : ((await selected.first().getAttribute('aria-label')) ?? undefined);
  }

  async waitForSelected(name: string, timeoutMs?: number): Promise<void> {
    await waitUntil(() => this.selectedName(), (selected) => selected === name, { what: `the selected row ${name}`, ...(timeoutMs !== undefined && { timeoutMs }) });
  }

  /** Clicks the row with this accessible name (it must be in view). */
  async open(name: string): Promise<void> {
    await this.grid.getByRole('row', { name, exact: true }).click();
  }

  /** The inspector's text, Monaco's non-breaking spaces made plain. */
  async inspectorText(): Promise<string> {
    return ((await this.inspector.innerText()) ?? '').replace(/\u00a0/g, ' ');
  }

  async waitForInspector(...snippets: string[]): Promise<string> {
    return waitUntil(() => this.inspectorText(), (text) => snippets.every((s) => text.includes(s)), { what: `the inspector showing ${JSON.stringify(snippets)}` });
  }

  /** Clicks Export NDJSON and returns the downloaded file's text. */
  async exportNdjson(timeoutMs = 60_000): Promise<{ fileName: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: timeoutMs }), this.exportButton.click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { fileName: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  /** Types a search (the engine searches every event, message bodies included) and waits until it is done. */
  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await waitUntil(() => this.statusLine.innerText(), (line) => / of [\d,]+ events$/.test(line) && !line.includes('Searching'), { what: `the search for ${text} to finish` });
  }

  /** How many rows the grid holds, in view or not (`aria-rowcount` counts the header row too). */
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
