import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AlnmError, EXIT } from '../util/errors.js';

/**
 * One CLI command, in its own file `src/cli/commands/<name>.ts` exporting `command`.
 * `run` returns the exit code; a thrown AlnmError is printed as one line (no stack) by main.
 */
export interface Command {
  name: string;
  /** One line for `alnm --help`. */
  summary: string;
  /** Full usage text for `alnm <name> --help`. */
  usage: string;
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with `--help` handled and errors turned into usage errors (exit 2). */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

export function parseCommandArgs<O extends Options>(cmd: Pick<Command, 'name' | 'usage'>, argv: string[], options: O, allowPositionals = false): Parsed<O> {
  // `--spacing -1,1,1`: node's parser takes a value that starts with '-' for an option; join it to its option so
  // that the command's own check can say what is wrong with the value.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') && !argv[i].includes('=') ? argv[i].slice(2) : '';
    if (name && options[name]?.type === 'string' && i + 1 < argv.length && /^-[\d.]/.test(argv[i + 1])) {
      args.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else args.push(argv[i]);
  }
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true }) as unknown as Parsed<O>;
  } catch (e) {
    throw new AlnmError(`alnm ${cmd.name}: ${(e as Error).message.split('\n')[0]}\n${cmd.usage}`, EXIT.usage);
  }
}

export function usageError(cmd: Pick<Command, 'name' | 'usage'>, problem: string): AlnmError {
  return new AlnmError(`alnm ${cmd.name}: ${problem}\n${cmd.usage}`, EXIT.usage);
}

/** Write text to `--out` atomically, or to stdout. */
export async function emit(text: string, out: string | undefined): Promise<void> {
  if (out) {
    const { writeFileAtomic } = await import('../util/atomic.js');
    await writeFileAtomic(out, text);
  } else process.stdout.write(text);
}
