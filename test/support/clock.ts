/** The wall-clock time (HH:MM) in a time zone, some minutes from now: for quiet-hours windows around "now". */
export function clockIn(timeZone: string, minutesFromNow: number): string {
  const at = new Date(Date.now() + minutesFromNow * 60_000);
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
