/**
 * Import times as the committee reads them. Fixed to China Standard Time so the server-rendered and
 * the hydrated page agree (the server runs in UTC) and the history reads the same for everyone.
 */

export function formatWhen(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Asia/Shanghai',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(d);
	const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
	return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** A file size in MB or KB, for messages. */
export function formatSize(bytes: number): string {
	const kb = bytes / 1024;
	if (kb < 1024) return `${Math.max(1, Math.round(kb))} KB`;
	return `${(kb / 1024).toFixed(kb >= 10 * 1024 ? 0 : 1)} MB`;
}
