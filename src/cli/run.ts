/**
 * The CLI dispatcher, callable in-process: runCli(argv, io) resolves to the exit status.
 *   0 success; 1 the work failed (bad model file, bad data, divergence, ...);
 *   2 invalid usage (unknown command or flag, malformed or out-of-range value).
 */
import { DataError } from '../data';
import { ModelFormatError } from '../models/format';
import { formatHelp, parseFlags, UsageError } from './args';
import type { Command } from './command';
import { compareCommand } from './commands/compare';
import { distillCommand } from './commands/distill';
import { evalCommand } from './commands/eval';
import { sampleCommand } from './commands/sample';
import { teacherCommand } from './commands/teacher';
import type { CliIo } from './context';

export const COMMANDS: Command[] = [teacherCommand, sampleCommand, evalCommand, distillCommand, compareCommand];

export function mainHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  return `disback-playground CLI: train 2-D diffusion teachers, sample and evaluate them, and race score-distillation methods.

Usage: npm run cli -- <command> [--flags]     (cli <command> --help for its options)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(w)}${c.summary}`).join('\n')}

Every command takes --json (one JSON document on stdout; progress goes to stderr).
Commands that compute use WebGPU through Dawn, or the CPU backend with --cpu or when no adapter exists.
Exit status: 0 ok, 1 failed, 2 invalid usage.
`;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`error: unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  try {
    const f = parseFlags(rest, cmd.flags);
    if (f.help) {
      io.out(formatHelp(cmd.usage, cmd.summary, cmd.flags));
      return 0;
    }
    const r = await cmd.run(f, io);
    io.out(f.values.json === true ? `${JSON.stringify(r.json)}\n` : r.text);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n(see: npm run cli -- ${cmd.name} --help)\n`);
      return 2;
    }
    const known = e instanceof ModelFormatError || e instanceof DataError;
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (!known && process.env.DISBACK_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
    return 1;
  }
}
