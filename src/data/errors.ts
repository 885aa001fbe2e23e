/** A user-facing data problem (bad upload, unknown set...). `message` is meant for the UI as is. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}
