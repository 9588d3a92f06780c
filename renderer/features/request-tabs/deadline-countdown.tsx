import { useEffect, useState } from 'react';

/** Time left before the deadline of a running call, ticking ten times a second. */
export function DeadlineCountdown({ startedAt, deadlineMs }: { startedAt: number; deadlineMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, deadlineMs - (now - startedAt));
  return (
    <span className={`countdown ${left < 1000 ? 'countdown-low' : ''}`} aria-label="Deadline remaining" role="timer">
      {(left / 1000).toFixed(1)} s left
    </span>
  );
}
