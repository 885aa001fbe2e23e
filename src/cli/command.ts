/** The shape of a CLI subcommand and the flags every command shares. */
import type { FlagDef, ParsedFlags } from './args';
import type { CliIo } from './context';

export interface CommandResult {
  /** printed with --json (one JSON document on stdout) */
  json: unknown;
  /** printed otherwise */
  text: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  flags: FlagDef[];
  run(f: ParsedFlags, io: CliIo): Promise<CommandResult>;
}

export const JSON_FLAG: FlagDef = { name: 'json', kind: 'bool', help: 'print the result as one JSON document on stdout (progress stays on stderr)' };
export const CPU_FLAG: FlagDef = { name: 'cpu', kind: 'bool', help: 'use the CPU backend even when a WebGPU adapter exists' };
export const seedFlag = (help = 'random seed', required = true): FlagDef => ({ name: 'seed', kind: 'int', min: 0, max: 2 ** 31 - 1, help, required, ...(required ? {} : { default: 0 }) });
