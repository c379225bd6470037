import { useSyncExternalStore } from 'react';
import { en } from './messagesEn';
import { ru } from './messagesRu';

export type Lang = 'en' | 'ru';

export type MessageKey = keyof typeof en;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, ru };
const listeners = new Set<() => void>();
let current: Lang = readLang();

function readLang(): Lang {
  const saved = globalThis.localStorage?.getItem('omnitill.lang');
  if (saved === 'en' || saved === 'ru') return saved;
  return globalThis.navigator?.language?.startsWith('ru') ? 'ru' : 'en';
}

/** The language now, for formatting outside components (they re-render through `useLang`). */
export const currentLang = (): Lang => current;

export function setLang(lang: Lang): void {
  current = lang;
  globalThis.localStorage?.setItem('omnitill.lang', lang);
  for (const l of listeners) l();
}

export function useLang(): Lang {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

export function useT(): (key: MessageKey) => string {
  const lang = useLang();
  return (key) => dictionaries[lang][key];
}

export const localeOf = (lang: Lang) => (lang === 'ru' ? 'ru-RU' : 'en-GB');
