/**
 * Times in the edition's zone for the editor ("15:08:25 JST"), as everything else in the newsroom shows
 * them, never the browser's zone. The zone and its label come from the form's data attributes.
 */
export function editionClock(form: HTMLElement): { savedAt(at: Date): string; lastChange(at: Date): string } {
  const zone = form.dataset.timeZone ?? 'UTC';
  const label = form.dataset.zoneLabel ?? zone;
  const clock = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const minutes = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat('en-US', { timeZone: zone, month: 'long', day: 'numeric', year: 'numeric' });
  return {
    savedAt: (at) => `${clock.format(at)} ${label}`,
    // The server's form of the same: "15:08 JST, December 7, 2026".
    lastChange: (at) => `${minutes.format(at)} ${label}, ${day.format(at)}`,
  };
}
