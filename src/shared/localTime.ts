// A moment as the person at this machine reads it: local time, "2026-12-07 18:09" — in run
// names the service gives and in every date the lab shows, so the two always agree.

const pad = (n: number): string => String(n).padStart(2, '0')

export function localDateTime(d: Date, seconds = true): string {
  const hm = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return seconds ? `${hm}:${pad(d.getSeconds())}` : hm
}
