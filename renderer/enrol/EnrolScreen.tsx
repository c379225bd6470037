import { TRPCClientError } from '@trpc/client';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { storeRowSchema } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { setMeta } from '../db/meta';
import { createServerClient } from '../sync/serverClient';

const enrolAnswer = z.object({ deviceId: z.string(), token: z.string(), store: storeRowSchema });

/** The server the till was opened for (`?server=`), else the one on this machine. */
function defaultServerUrl(): string {
  const fromQuery = new URLSearchParams(globalThis.location?.search ?? '').get('server');
  return fromQuery ?? 'http://127.0.0.1:8787';
}

export function EnrolScreen() {
  const t = useT();
  const { db, sync } = useTill();
  const [serverUrl, setServerUrl] = useState(defaultServerUrl);
  const [code, setCode] = useState('');
  const [name, setName] = useState('Till 1');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const url = serverUrl.trim().replace(/\/+$/, '');
      const reply = parseUnknown(
        enrolAnswer,
        await createServerClient(url).device.enroll.mutate({ code, name }),
      );
      if (!reply.ok) throw new Error(`${url}: unexpected enrolment answer:\n${reply.error}`);
      const answer = reply.value;
      await setMeta(db, 'device', {
        deviceId: answer.deviceId,
        name,
        token: answer.token,
        serverUrl: url,
        store: answer.store,
        enrolledAt: new Date().toISOString(),
      });
      sync.kick();
    } catch (e) {
      setError(
        e instanceof TRPCClientError && !e.data
          ? `${url(serverUrl)}: server unreachable`
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="enrol">
      <form onSubmit={(e) => void submit(e)}>
        <h1>{t('enrol.title')}</h1>
        <p>{t('enrol.lead')}</p>
        <label>
          {t('enrol.server')}
          <input
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            data-testid="enrol-server"
            required
          />
        </label>
        <label>
          {t('enrol.code')}
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            data-testid="enrol-code"
            placeholder="XXXX-XXXX"
            required
            autoFocus
          />
        </label>
        <label>
          {t('enrol.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="enrol-name" required />
        </label>
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="enrol-submit">
          {busy ? t('enrol.working') : t('enrol.submit')}
        </button>
      </form>
    </main>
  );
}

const url = (text: string) => text.trim() || '(empty)';
