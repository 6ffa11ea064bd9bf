/**
 * Prisma's errors span several lines ("Invalid `prisma.$queryRaw()` invocation: ... Raw query failed. Code: `N/A`.
 * Message: `Can't reach database server at 127.0.0.1:1`"); a service's log wants the one line that says what
 * happened. The driver's message is kept as it is; anything else falls back to its last non-empty line.
 */
export function driverErrorLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const driverMessage = /Message: `([^`]*)`/.exec(error.message)?.[1];
  if (driverMessage) return driverMessage;
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.at(-1) ?? error.name;
}
