/**
 * A deadline as the wall says it: "剩 12:05" under an hour, "剩 5时20分" or "剩 2天3时" beyond;
 * past it, "超时 …" with the same units.
 */
export function formatTimeLeft(dueAt: number, now: number): { text: string; overdue: boolean } {
  const overdue = now > dueAt;
  const seconds = Math.floor(Math.abs(dueAt - now) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  let span: string;
  if (seconds < 3600) span = `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
  else if (seconds < 86_400)
    span = `${Math.floor(seconds / 3600)}时${pad(Math.floor((seconds % 3600) / 60))}分`;
  else span = `${Math.floor(seconds / 86_400)}天${Math.floor((seconds % 86_400) / 3600)}时`;
  return { text: `${overdue ? '超时' : '剩'} ${span}`, overdue };
}
