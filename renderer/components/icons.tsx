/**
 * Small line icons drawn as SVG: symbol characters (⧉ and the like) render as empty boxes where the system
 * font lacks them. Decorative only: the button around an icon carries the accessible name.
 */
const PATHS = {
  rename: 'M3 13.5V16h2.5l7.4-7.4-2.5-2.5L3 13.5zM14.7 6.8a.7.7 0 0 0 0-1L13.2 4.3a.7.7 0 0 0-1 0l-1.1 1.1 2.5 2.5 1.1-1.1z',
  duplicate: 'M7 3h8v10H7zM4 6v11h8',
  delete: 'M4 6h12M8 6V4h4v2M6 6l1 11h6l1-11',
  folder: 'M2.5 5.5h5l1.5 2h8.5v8.5h-15z',
  file: 'M5 2.5h6.5l3.5 3.5v11.5H5zM11.5 2.5V6H15',
  upload: 'M10 13V4M6.5 7.5L10 4l3.5 3.5M4 16h12',
  run: 'M6 4.5v11l9-5.5z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
