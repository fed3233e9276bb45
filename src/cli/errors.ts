/** A failure the user can act on: printed as a message, never as a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly lines: string[] = [],
  ) {
    super(message);
  }
}
