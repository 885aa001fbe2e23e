/** Entry point: `npm run cli -- <command> ...` (see run.ts and docs/cli.md). */
import { processIo } from './context';
import { runCli } from './run';

const code = await runCli(process.argv.slice(2), processIo());
// Dawn keeps the event loop alive; exit explicitly once stdout has drained
process.stdout.write('', () => process.exit(code));
