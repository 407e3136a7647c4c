/** A problem the person running a script can fix (a missing browser, a busy port): printed without a stack trace. */
export class SetupError extends Error {}
