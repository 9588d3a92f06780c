import { useId, type ReactNode } from 'react';

/** One headed section of the workspace panel, named by its heading for assistive technology. */
export function PanelSection({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="workspace-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-heading">
        {title}
      </h2>
      {children}
    </section>
  );
}
