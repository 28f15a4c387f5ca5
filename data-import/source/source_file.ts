/** One uploaded or local file: its name (no folders) and bytes. */
export interface SourceFile {
  name: string;
  data: Buffer;
}
