import type { MessageDirection } from '../../../shared/api';
import { describeFerryError } from '../../../shared/errors';
import type { SessionView } from '../../store';
import { ExportButton } from './export-button';
import type { TimelineRows } from './use-timeline-rows';

export type DirectionFilter = 'all' | MessageDirection;

const count = (n: number) => n.toLocaleString('en');

interface TimelineToolbarProps {
  session: SessionView;
  readable: boolean;
  rows: TimelineRows;
  direction: DirectionFilter;
  setDirection: (direction: DirectionFilter) => void;
  text: string;
  setText: (text: string) => void;
  pausedAt: number | undefined;
  togglePause: () => void;
}

function statusLine({ session, rows, pausedAt }: TimelineToolbarProps): string {
  const parts: string[] = [];
  if (pausedAt !== undefined) parts.push(`Paused · ${count(session.lastSeq - pausedAt)} new events`);
  const { search } = rows;
  if (search?.error) parts.push(`Search failed: ${describeFerryError(search.error)}`);
  else if (search?.capped) parts.push(`Search stopped at ${count(rows.count)} matches: narrow it down to see the rest`);
  else if (search && !search.done) parts.push(`Searching… ${Math.floor(search.fraction * 100)}%`);
  if (rows.readError) parts.push(`Could not read rows: ${describeFerryError(rows.readError)}`);
  if (!session.catchingUp && session.skipped.events > 0) parts.push(`${count(session.skipped.events)} skipped while behind, read on demand`);
  parts.push(search ? `${count(rows.count)} of ${count(session.lastSeq)} events` : `${count(rows.count)} events`);
  return parts.join(' · ');
}

/** Filters (run by the engine over the whole session), pause, export and what the view is doing. */
export function TimelineToolbar(props: TimelineToolbarProps) {
  const { session, readable, direction, setDirection, text, setText, pausedAt, togglePause } = props;
  return (
    <div className="timeline-toolbar" role="toolbar" aria-label="Timeline controls">
      <label className="field-inline">
        <span className="visually-hidden">Direction</span>
        <select value={direction} disabled={!readable} onChange={(e) => setDirection(e.target.value as DirectionFilter)}>
          <option value="all">All directions</option>
          <option value="sent">Sent only</option>
          <option value="received">Received only</option>
        </select>
      </label>
      <input
        type="search"
        aria-label="Search events"
        placeholder="Search events and message bodies"
        title="Searches every event of the call, including the JSON of every message (Ferry searches the whole session, not just the rows on screen)"
        disabled={!readable}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="button" aria-pressed={pausedAt !== undefined} className="button-ghost" onClick={togglePause}>
        Pause view
      </button>
      <ExportButton callId={session.callId} method={session.method} disabled={!readable} />
      <span className="muted small" aria-live="polite">
        {statusLine(props)}
      </span>
    </div>
  );
}
