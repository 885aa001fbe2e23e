/** Save bytes made in the page as a file: a Blob behind an <a download> link, no network. */

/** A plain file name: letters, digits, '.', '-', '_' (anything else becomes '_'). */
export function safeFilename(name: string, fallback = 'model.onnx'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 120);
  return clean || fallback;
}

export function saveBytes(bytes: Uint8Array, filename: string, type = 'application/octet-stream'): void {
  const own = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const url = URL.createObjectURL(new Blob([own], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFilename(filename);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the click starts the download synchronously; keep the URL a while for slow save dialogs
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
