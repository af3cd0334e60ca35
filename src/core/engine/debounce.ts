/**
 * Calls `action` once, `waitMs` after the last of a burst of calls (an image build or a prune sends
 * dozens of engine events; a tree refreshes once). `flush` runs a pending call now, `cancel` drops it.
 */
export function debounce(action: () => void, waitMs: number): { (): void; flush(): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    timer = undefined;
    action();
  };
  const debounced = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, waitMs);
  };
  debounced.flush = () => {
    if (!timer) return;
    clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return debounced;
}
