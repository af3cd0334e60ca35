/** The commands whose answers depend on the .NET calendar (support dates, the latest versions), and `doctor`, which reports it. */
const calendarCommands = new Set(['generate', 'compose', 'lint']);

export function usesCalendar(command: string | undefined): boolean {
  return calendarCommands.has(command ?? '');
}

/** Whether a run of `command` reads the cached calendar (doctor reports it, the others use it). */
export function readsCalendar(command: string | undefined): boolean {
  return command === 'doctor' || usesCalendar(command);
}
