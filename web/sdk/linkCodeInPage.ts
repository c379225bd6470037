import { normalizeLinkCode } from '../../shared/barcode/serverCodes';

/**
 * The link code in a page's address when the page is the shop's landing for a receipt QR:
 * `https://<shop>/l/<code>` as printed, or `/link/<code>` where the shop routes it there.
 *
 * @example linkCodeInPath('/l/9T702CBFKR') // '9T702CBFKR' when the check symbol holds
 * @example linkCodeInPath('/catalog') // undefined
 */
export function linkCodeInPath(pathname: string): string | undefined {
  const match = /^\/(?:l|link)\/([^/?#]{1,24})\/?$/i.exec(pathname);
  if (!match) return undefined;
  let text: string;
  try {
    text = decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined;
  }
  return normalizeLinkCode(text);
}

/** A code as typed or pasted, or the receipt QR's whole URL; undefined when it is not one. */
export function readTypedCode(text: string): string | undefined {
  const trimmed = text.trim();
  const direct = normalizeLinkCode(trimmed);
  if (direct !== undefined) return direct;
  try {
    return linkCodeInPath(new URL(trimmed).pathname);
  } catch {
    return undefined;
  }
}
