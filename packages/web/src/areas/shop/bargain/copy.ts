/** Copies this site's address of a share path (/shop/bargain/…) to the clipboard; false when the browser refuses. */
export async function copyLink(sharePath: string): Promise<boolean> {
  const url = `${window.location.origin}${sharePath}`;
  try {
    await navigator.clipboard.writeText(url);
    return true;
  } catch {
    return false;
  }
}
