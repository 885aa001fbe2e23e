/**
 * Constants of the run file (src/distill/savedRun.ts has the format), shared with the page,
 * which checks a file's size before reading it and never imports the decoder.
 */
export const RUN_FILE_MAGIC = 'DSBKRUN1';
export const RUN_FILE_VERSION = 1;
export const RUN_FILE_EXT = '.dsbk';
/** Refused before anything is read; also the largest run the page will export. */
export const MAX_RUN_FILE_BYTES = 256 * 1024 * 1024;
