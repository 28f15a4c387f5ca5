import type { ParseMessage } from './parse_request';

const encoder = new TextEncoder();

/**
 * Collects COPY text lines and posts them in messages of at most `maxRows` lines or about
 * `maxChars` characters, as UTF-8 bytes in a buffer of their own (so the message can
 * transfer it): a file of a few huge polygons never becomes one giant message that the
 * receiving thread would have to copy and convert at once.
 */
export class RowBatches {
  private lines: string[] = [];
  private chars = 0;
  /** Lines posted so far. */
  posted = 0;

  constructor(
    private readonly post: (message: ParseMessage) => void,
    private readonly maxRows = 2000,
    private readonly maxChars = 1_048_576,
  ) {}

  /** Adds lines, posting every batch that is full. */
  add(lines: readonly string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.chars += line.length;
      if (this.lines.length >= this.maxRows || this.chars >= this.maxChars) this.flush();
    }
  }

  /** Posts what is held, if anything. */
  flush(): void {
    if (this.lines.length === 0) return;
    const bytes = encoder.encode(this.lines.join(''));
    this.post({ type: 'rows', bytes, count: this.lines.length });
    this.posted += this.lines.length;
    this.lines = [];
    this.chars = 0;
  }
}
