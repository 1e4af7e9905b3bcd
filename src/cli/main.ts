/**
 * `alnm` command-line entry. Each command is a module in ./commands, loaded only when called.
 * Errors meant for the user (AlnmError) print as one line without a stack trace.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, isAlnmError, oneLine } from '../util/errors.js';
import type { Command } from './command.js';
import { VERSION } from '../util/version.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function commandNames(): string[] {
  return readdirSync(path.join(here, 'commands'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function load(name: string): Promise<Command | null> {
  if (!/^[a-z0-9-]+$/.test(name) || !commandNames().includes(name)) return null;
  const mod = (await import(`./commands/${name}.js`)) as { command: Command };
  return mod.command;
}

export function version(): string {
  return VERSION;
}

async function help(): Promise<string> {
  const lines = [`alnm ${version()}: breast DCE-MRI radiomics and axillary lymph node metastasis models`, '', 'Usage: alnm <command> [options]', '', 'Commands:'];
  for (const n of commandNames()) {
    const c = await load(n);
    if (c) lines.push(`  ${n.padEnd(12)} ${c.summary}`);
  }
  lines.push('', 'Run `alnm <command> --help` for the options of a command.');
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(await help());
      return name ? EXIT.ok : EXIT.usage;
    }
    if (name === '--version' || name === '-v') {
      process.stdout.write(version() + '\n');
      return EXIT.ok;
    }
    const cmd = await load(name);
    if (!cmd) {
      process.stderr.write(`alnm: unknown command "${name}"\n\n${await help()}`);
      return EXIT.usage;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(cmd.usage.trimEnd() + '\n');
      return EXIT.ok;
    }
    return await cmd.run(rest);
  } catch (e) {
    if (isAlnmError(e)) {
      const msg = e.message.includes('\n') ? e.message : oneLine(e);
      process.stderr.write(`${msg.startsWith('alnm ') ? '' : 'alnm: '}${msg}\n`);
      return e.exitCode;
    }
    // Not a user error: a bug. One line; the stack only when asked for (ALNM_DEBUG=1).
    const stack = process.env.ALNM_DEBUG ? `\n${(e as Error)?.stack ?? ''}` : ' (ALNM_DEBUG=1 shows the stack)';
    process.stderr.write(`alnm: internal error: ${oneLine(e)}${stack}\n`);
    return EXIT.error;
  }
}
