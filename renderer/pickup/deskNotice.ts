import type { MessageKey } from '../app/i18n';

/** A line under the desk's search field; an error comes in the error colour, with a sound. */
export type DeskNotice = { readonly key: MessageKey; readonly detail?: string; readonly error?: boolean };
