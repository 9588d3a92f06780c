import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '../../kit/until';

export type ResponseView = 'Response' | 'Timeline' | 'Headers' | 'Trailers';

/** The response side of the active tab: the Call status badge, the view tabs and the visible view. */
export class ResponsePanel {
  readonly callStatus: Locator;
  readonly views: Locator;
  readonly errorDetails: Locator;
  readonly region: Locator;

  constructor(readonly page: Page) {
    const response = page.getByRole('region', { name: 'Response', exact: true });
    this.region = response;
    this.callStatus = response.getByRole('status', { name: 'Call status' });
    this.views = response.getByRole('tablist', { name: 'Response views' });
    this.errorDetails = response.getByRole('list', { name: 'Error details' });
  }

  view(name: ResponseView): Locator {
    return this.views.getByRole('tab', { name, exact: true });
  }

  /** The panel of a response view; open it first with `showView`. */
  panel(name: ResponseView): Locator {
    return this.page.getByRole('tabpanel', { name, exact: true });
  }

  async showView(name: ResponseView): Promise<void> {
    const tab = this.view(name);
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await this.panel(name).waitFor();
  }

  /** The status name on the badge (OK, NOT_FOUND, RUNNING, NOT SENT…), without its detail message. */
  async statusName(): Promise<string> {
    const text = (await this.callStatus.textContent()) ?? '';
    // The badge reads "<NAME><message>"; the message is also its title.
    const detail = (await this.callStatus.getAttribute('title')) ?? '';
    return (detail !== '' && text.endsWith(detail) ? text.slice(0, -detail.length) : text).trim();
  }

  /** A fact of the call's header (Headers, First message, Total, Received, Sent), as shown: `1.2 KiB in 30 msg`. */
  async fact(term: string): Promise<string | undefined> {
    const terms = await this.region.getByRole('term').allInnerTexts();
    const index = terms.findIndex((t) => t.trim().toLowerCase() === term.toLowerCase());
    return index < 0 ? undefined : (await this.region.getByRole('definition').nth(index).innerText()).trim();
  }

  /** Waits until the Call status badge shows `name`. */
  async waitForStatus(name: string, timeoutMs?: number): Promise<void> {
    await waitUntil(() => this.statusName(), (status) => status === name, { what: `Call status ${name}`, ...(timeoutMs !== undefined && { timeoutMs }) });
  }

  /** The status message shown beside the name (the badge's title), if any. */
  async statusMessage(): Promise<string | undefined> {
    return (await this.callStatus.getAttribute('title')) ?? undefined;
  }

  /**
   * The visible text of a view, with Monaco's non-breaking spaces made plain. Monaco renders only the
   * lines in view, which is all of a small response.
   */
  async viewText(name: ResponseView): Promise<string> {
    await this.showView(name);
    return ((await this.panel(name).innerText()) ?? '').replace(/\u00a0/g, ' ');
  }

  /** Waits until the Response view's text contains every snippet. */
  async waitForResponseText(...snippets: string[]): Promise<string> {
    await this.showView('Response');
    return waitUntil(
      async () => ((await this.panel('Response').innerText()) ?? '').replace(/\u00a0/g, ' '),
      (text) => snippets.every((s) => text.includes(s)),
      { what: `response text containing ${JSON.stringify(snippets)}` },
    );
  }
}
