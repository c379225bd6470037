import { useEffect, useState } from 'react';
import { errorText } from './hqClient';

type Paged<T> = { items: T[]; nextCursor: string | null };

/**
 * A list read a page at a time through a keyset cursor: the first page on mount (and when `key`
 * changes), further pages appended by `more`. Errors are kept as text for the page to show.
 */
export function useCursorPages<T>(key: string, fetchPage: (cursor: string | null) => Promise<Paged<T>>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchPage(null).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setNextCursor(page.nextCursor);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
    // The fetcher is a fresh closure every render; `key` names what it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const more = async () => {
    if (!nextCursor) return;
    try {
      const page = await fetchPage(nextCursor);
      setItems((before) => [...(before ?? []), ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return { items, nextCursor, error, more };
}
