import { DiagisError } from '../../core/errors/diagis_error';
import { describeProblem, type ObservationImportReport } from './observation_report';

/**
 * An observation file nothing was imported from (`unprocessable`): refused as a whole, or
 * with problems in rows and `keepGood` off. The message gives the refusal or the first
 * problem, `field` its column, and the details the whole report, so a client can list
 * every problem.
 */
export class FileRejected extends DiagisError {
  override name = 'FileRejected';
  constructor(readonly report: ObservationImportReport) {
    const first = report.problems[0];
    const message = report.refusal
      ? report.refusal.message
      : `${first ? describeProblem(first) : 'rejected'}; ${report.problems.length} problem(s) in ${report.rejectedRows} row(s), nothing imported (keepGood=true imports the good rows)`;
    super('unprocessable', message, {
      field: report.refusal?.column ?? first?.column ?? 'file',
      details: { report },
    });
  }
}
