const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
let format: Intl.RelativeTimeFormat | undefined;

/** "3 minutes ago", "yesterday", "now": how long before `now` the moment `ms` was. */
export function relativeTime(ms: number, now = Date.now()): string {
  format ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const seconds = Math.round((ms - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** Full date and time for a tooltip. */
export function absoluteTime(ms: number): string {
  return new Date(ms).toLocaleString();
}
