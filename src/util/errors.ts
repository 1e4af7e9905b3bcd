/**
 * User-facing errors. An `AlnmError` carries a one-line message that names the file, the patient
 * (case ID) and the problem; the CLI prints it without a stack trace and exits with `exitCode`.
 * Anything else that escapes is a bug and is printed with its stack.
 */
export class AlnmError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'AlnmError';
    this.exitCode = exitCode;
  }
}

/** Error about one input file: `"<file>: <problem>"`. */
export function fileError(file: string, problem: string): AlnmError {
  return new AlnmError(`${file}: ${problem}`);
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  partial: 3, // batch work where some cases failed and the others finished
} as const;

export function isAlnmError(e: unknown): e is AlnmError {
  return e instanceof AlnmError;
}

/** The message of any thrown value, on one line. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The error of one case of a batch, prefixed once with `case <id>: `; anything that is not an AlnmError becomes
 * one that says "internal error", so that batch runs report it and go on.
 */
export function inCase(id: string | undefined, e: unknown): unknown {
  if (id === undefined || (isAlnmError(e) && e.message.startsWith(`case ${id}`))) return e;
  return new AlnmError(`case ${id}: ${isAlnmError(e) ? e.message : `internal error: ${oneLine(e)}`}`);
}
