/**
 * A backup or restore that must not be reported as a success. Each problem is one line
 * that names the table, file or step at fault.
 */
export class BackupError extends Error {
  override name = 'BackupError';

  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}
