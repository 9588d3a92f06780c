import { useEffect, useRef, useState } from 'react';

/**
 * `value`, updated at most once per `ms` (always ending on the latest value). A stream delivers new events
 * every frame; nobody reads 60 timeline updates a second, and each one costs a layout of fresh rows.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        setShown(value);
      },
      Math.max(0, last.current + ms - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
