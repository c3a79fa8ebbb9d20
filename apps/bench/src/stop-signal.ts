/**
 * A promise that resolves on the first Ctrl-C or SIGTERM; a second Ctrl-C
 * exits at once (code 130), a second SIGTERM is ignored (Slurm may send one to
 * the job script and one to every process); `dispose` removes the handlers.
 */
export function stopOnSignals(message: string): { signal: Promise<void>; dispose(): void } {
  let stop!: () => void;
  const signal = new Promise<void>((resolve) => (stop = resolve));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping && signal === 'SIGINT') process.exit(130);
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${message} (Ctrl-C again to quit at once)\n`);
    stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
