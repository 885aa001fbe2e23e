/**
 * Zod without its JIT: zod 4 compiles object parsers with `new Function` and probes for it
 * first, which a Content-Security-Policy without 'unsafe-eval' reports as a violation
 * even though zod catches the error (docs/reliability.md). Import this before any schema
 * is built: the choice is read when a z.object() is constructed.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
