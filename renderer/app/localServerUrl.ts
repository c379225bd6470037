import { z } from 'zod';
import { parseUnknown } from '../../shared/validation';

const localConfigSchema = z.object({ serverUrl: z.url({ protocol: /^https?$/ }) });

/**
 * Opened from the local store host (`npm start` in browser mode) without `?server=`, the store
 * app asks that host which server it started (`GET /local/config`) and puts the answer into
 * `?server=`, where the enrolment screen looks, so the right address is offered whatever PORT is.
 * Anywhere else (Electron's file:// page, another web host) there is no such answer and nothing
 * changes; a slow or wrong answer never holds up the till for more than a moment.
 */
export async function adoptLocalServerUrl(
  location: Location = window.location,
  history: History = window.history,
): Promise<void> {
  const url = new URL(location.href);
  if (url.searchParams.has('server') || !/^https?:$/.test(url.protocol)) return;
  let body: unknown;
  try {
    const answer = await fetch(new URL('/local/config', url.origin), {
      signal: AbortSignal.timeout(1500),
      cache: 'no-store',
    });
    if (!answer.ok) return;
    body = await answer.json();
  } catch {
    return;
  }
  const config = parseUnknown(localConfigSchema, body);
  if (!config.ok) return;
  url.searchParams.set('server', config.value.serverUrl.replace(/\/+$/, ''));
  history.replaceState(history.state, '', url);
}
