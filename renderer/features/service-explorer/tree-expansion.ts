/**
 * Which services of the tree show their methods. A small schema starts with every service open; past
 * `OPEN_SERVICES_MAX` services they start closed: `google/cloud`'s 1,066 services laid out with all their
 * methods made a 255 ms task on load. A filter opens whatever matches; a user's own toggles are kept by name.
 */
export const OPEN_SERVICES_MAX = 20;

export interface TreeExpansion {
  /** Whether a service the user has not toggled is open. */
  openByDefault: boolean;
  /** Services the user toggled away from the default. */
  toggled: ReadonlySet<string>;
}

export const expansionFor = (serviceCount: number, toggled: ReadonlySet<string>): TreeExpansion => ({ openByDefault: serviceCount <= OPEN_SERVICES_MAX, toggled });

export function isOpen(service: string, expansion: TreeExpansion, filtering: boolean): boolean {
  return filtering || expansion.toggled.has(service) !== expansion.openByDefault;
}

/** The toggles after a service is opened or closed. */
export function toggledTo(expansion: TreeExpansion, service: string, open: boolean): ReadonlySet<string> {
  const next = new Set(expansion.toggled);
  if (open === expansion.openByDefault) next.delete(service);
  else next.add(service);
  return next;
}
