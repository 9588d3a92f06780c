import type { Locator, Page } from 'playwright-core';

export interface MethodRow {
  name: string;
  /** The kind badge as shown: unary, server, client, bidi. */
  kind: string;
}

const KINDS = ['unary', 'server', 'client', 'bidi'];

/** The sidebar: filter box and the Services tree (services and methods are treeitems). */
export class ServiceExplorer {
  readonly filter: Locator;
  readonly tree: Locator;

  constructor(readonly page: Page) {
    const explorer = page.getByRole('complementary', { name: 'Service explorer' });
    this.filter = explorer.getByRole('searchbox', { name: 'Filter services' });
    this.tree = explorer.getByRole('tree', { name: 'Services' });
  }

  service(fullName: string): Locator {
    return this.tree.getByRole('treeitem', { name: fullName, exact: true });
  }

  method(name: string): Locator {
    return this.tree.getByRole('treeitem', { name, exact: true });
  }

  /** The method treeitems under a service (its `group`). */
  methodsOf(serviceFullName: string): Locator {
    return this.service(serviceFullName).getByRole('group').getByRole('treeitem');
  }

  /** Name and kind badge of every method listed under a service, in tree order. */
  async methodRows(serviceFullName: string): Promise<MethodRow[]> {
    const items = await this.methodsOf(serviceFullName).all();
    const rows: MethodRow[] = [];
    for (const item of items) {
      const name = (await item.getAttribute('aria-label')) ?? '';
      const text = ((await item.textContent()) ?? '').trim();
      // The item reads "<name><kind>": the kind badge follows the name.
      const kind = text.startsWith(name) ? text.slice(name.length).trim() : text;
      rows.push({ name, kind: KINDS.includes(kind) ? kind : `?${text}` });
    }
    return rows;
  }

  /** Opens a method in a request tab, as a click in the tree does. */
  async openMethod(name: string): Promise<void> {
    await this.method(name).click();
  }
}
