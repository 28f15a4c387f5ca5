import { HttpError } from '../http/http_error';

/**
 * A bound on import uploads held in memory at once (each up to the size limit): an upload
 * takes a slot while it is read and previewed, an import until it has finished. Beyond
 * the bound the client gets a 503 with Retry-After.
 */
export class UploadSlots {
  private taken = 0;
  constructor(private readonly size: number) {}

  /** Takes a slot, or throws the 503; call the returned function exactly once to give it back. */
  take(): () => void {
    if (this.taken >= this.size) {
      throw new HttpError(
        503,
        `imports: ${this.size} uploads are already being processed; retry shortly`,
        undefined,
        { 'Retry-After': '10' },
      );
    }
    this.taken++;
    let given = false;
    return () => {
      if (!given) this.taken--;
      given = true;
    };
  }
}
