import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ConnectionBar } from './connection-bar';
import { RequestPanel } from './request-panel';
import { ResponsePanel } from './response-panel';
import { ServiceExplorer } from './service-explorer';
import { StreamTimeline } from './stream-timeline';

/** Tall enough that a short stream's whole timeline is in view (the grid is virtualized). */
export const VIEWPORT = { width: 1440, height: 1000 };

/** Ferry's UI in one browser page, as a person sees it: one page object per area. */
export class FerryApp {
  readonly connection: ConnectionBar;
  readonly explorer: ServiceExplorer;
  readonly request: RequestPanel;
  readonly response: ResponsePanel;
  readonly timeline: StreamTimeline;
  /** Uncaught exceptions and console errors in the page; a test ends by checking there are none. */
  readonly pageErrors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    this.connection = new ConnectionBar(page);
    this.explorer = new ServiceExplorer(page);
    this.request = new RequestPanel(page);
    this.response = new ResponsePanel(page);
    this.timeline = new StreamTimeline(page);
    page.on('pageerror', (error) => this.pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.pageErrors.push(`console.error: ${message.text()}`);
    });
  }

  /** Opens the UI at `url` (the serve URL with its token) in a fresh browser context. */
  static async open(browser: Browser, url: string): Promise<FerryApp> {
    const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
    const page = await context.newPage();
    const app = new FerryApp(context, page);
    const response = await page.goto(url, { waitUntil: 'load' });
    if (response?.status() !== 200) throw new Error(`opening ${url} answered ${response?.status()}`);
    await app.connection.connectButton.waitFor();
    return app;
  }

  /** Connects by reflection and waits for the service to appear in the tree. */
  async connectByReflection(target: string, service: string): Promise<void> {
    await this.connection.connectByReflection(target);
    await this.explorer.service(service).waitFor();
  }

  /** Opens a method, replaces its body and sends it. */
  async call(method: string, body: string, options: { deadlineSeconds?: string } = {}): Promise<void> {
    await this.explorer.openMethod(method);
    await this.request.setBody(method, body);
    if (options.deadlineSeconds !== undefined) await this.request.setDeadlineSeconds(options.deadlineSeconds);
    await this.request.send();
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
