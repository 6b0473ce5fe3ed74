/**
 * Copy text to the clipboard. The Clipboard API needs a secure context (https or localhost); on
 * plain http inside an intranet, fall back to a hidden textarea and the old copy command.
 */
export async function copyText(text: string): Promise<boolean> {
	if (window.isSecureContext && navigator.clipboard) {
		try {
			await navigator.clipboard.writeText(text);
			return true;
		} catch {
			// Permission refused: try the fallback.
		}
	}
	const area = document.createElement('textarea');
	area.value = text;
	area.setAttribute('readonly', '');
	area.style.position = 'fixed';
	area.style.opacity = '0';
	document.body.append(area);
	area.select();
	try {
		// Deprecated, but the only way without a secure context.
		return document.execCommand('copy');
	} catch {
		return false;
	} finally {
		area.remove();
	}
}
