/**
 * Saves a downloaded file as the browser saves any download: through a temporary object URL and `<a download>`
 * (the file was fetched with the user's token, which a plain link could not send).
 */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // the browser has started reading it: the URL can go once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
