/** A one-line progress bar on stderr, shown only when stderr is a terminal. */
export function progressBar(label: string): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  return (done, total) => {
    const width = 30;
    const fill = Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total}`);
    if (done === total) process.stderr.write('\n');
  };
}
