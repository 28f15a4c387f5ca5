import cliProgress from 'cli-progress';

/** Progress of one long step: `tick` after each item (a table, a file). */
export interface StepProgress {
  tick(item: string): void;
  stop(): void;
}

/** Starts the progress display of a step of `total` items. */
export type Progress = (label: string, total: number) => StepProgress;

/** A progress bar on a terminal; nothing when output goes to a file or a pipe. */
export const terminalProgress: Progress = (label, total) => {
  const bar = new cliProgress.SingleBar(
    { format: `  ${label.padEnd(18)} [{bar}] {value}/{total} {item}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { item: '' });
  return {
    tick: (item) => bar.increment(1, { item }),
    stop: () => bar.stop(),
  };
};
