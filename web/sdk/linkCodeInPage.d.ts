/**
 * The link code in a page's address when the page is the shop's landing for a receipt QR:
 * `https://<shop>/l/<code>` as printed, or `/link/<code>` where the shop routes it there.
 *
 * @example linkCodeInPath('/l/9T702CBFKR') // '9T702CBFKR' when the check symbol holds
 * @example linkCodeInPath('/catalog') // undefined
 */
export declare function linkCodeInPath(pathname: string): string | undefined;
/** A code as typed or pasted, or the receipt QR's whole URL; undefined when it is not one. */
export declare function readTypedCode(text: string): string | undefined;
