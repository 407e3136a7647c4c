/** Cognito's TIMESTAMP: Java's `EEE MMM d HH:mm:ss z yyyy`, English, UTC, day of month not zero-padded. */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function formatTimestamp(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} ` +
    `UTC ${String(date.getUTCFullYear()).padStart(4, '0')}`
  );
}

// Like Java's parser: names case-insensitive, numbers of 1-2 digits (so a zero-padded day parses, and then
// fails the signature), the weekday is read but not checked. Unlike Java's lenient mode, out-of-range fields
// (Feb 30, 24:00:00) are unparsable rather than rolled over.
const TIMESTAMP_RE =
  /^(sun|mon|tue|wed|thu|fri|sat) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) (\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2}) (utc|gmt) (\d{4})$/i;

/** Parses a TIMESTAMP; undefined if it does not match `EEE MMM d HH:mm:ss z yyyy` (zone UTC or GMT). */
export function parseTimestamp(s: string): Date | undefined {
  const m = TIMESTAMP_RE.exec(s);
  if (!m) return undefined;
  const month = MONTHS.findIndex((name) => name.toLowerCase() === m[2]!.toLowerCase());
  const [day, hours, minutes, seconds, year] = [m[3], m[4], m[5], m[6], m[8]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hours > 23 || minutes > 59 || seconds > 59 || day < 1) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, 0);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return undefined;
  return date;
}

/** True iff the string is exactly what Cognito would format for the instant it denotes. */
export function isCanonicalTimestamp(s: string): boolean {
  const date = parseTimestamp(s);
  return date !== undefined && formatTimestamp(date) === s;
}
