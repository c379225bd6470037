import { TRPCClientError } from '@trpc/client';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { storeRowSchema } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import { useT } from '../app/i18n';
import { useTill } from '../app/tillContext';
import { setMeta } from '../db/meta';
import { HeldScansNotice } from '../scanner/HeldScansNotice';
import { SCAN_KIND_KEYS, shownCode } from '../scanner/scanLabels';
import type { StreamScan } from '../scanner/scanStream';
import { useHeldScans } from '../scanner/useHeldScans';
import { useScans } from '../scanner/useScans';
import { createServerClient } from '../sync/serverClient';
import { enrolScanOutcome, type EnrolScanOutcome } from './enrolScan';

const enrolAnswer = z.object({ deviceId: z.string(), token: z.string(), store: storeRowSchema });

/** The server the till was opened for (`?server=`), else the one on this machine. */
function defaultServerUrl(): string {
  const fromQuery = new URLSearchParams(globalThis.location?.search ?? '').get('server');
  return fromQuery ?? 'http://127.0.0.1:8787';
}

type Props = {
  /** False while another screen (Scanners) is in front; the form keeps what was typed. */
  active?: boolean;
  onShow?: () => void;
};

/**
 * Connects a new till with the one-time code HQ issued. A scanned code fills the code field, with or
 * without its dash; anything else scanned here is named and refused in words, never dropped.
 */
export function EnrolScreen({ active = true, onShow }: Props) {
  const t = useT();
  const { db, sync } = useTill();
  const [serverUrl, setServerUrl] = useState(defaultServerUrl);
  const [code, setCode] = useState('');
  const [name, setName] = useState('Till 1');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [scanned, setScanned] = useState<EnrolScanOutcome | null>(null);
  const held = useHeldScans();

  const takeScan = (outcome: EnrolScanOutcome) => {
    setScanned(outcome);
    if (outcome.kind === 'code') {
      setCode(outcome.code);
      setError(null);
    }
  };

  useScans((entry: StreamScan) => {
    const outcome = enrolScanOutcome(entry);
    if (active) takeScan(outcome);
    // Behind the Scanners tab, only an enrolment code is worth offering; the rest is in its log.
    else if (outcome.kind === 'code') held.hold(entry);
  });

  const takeHeld = (entries: readonly StreamScan[]) => {
    held.release(entries.map((e) => e.id));
    const last = entries[entries.length - 1];
    if (last !== undefined) takeScan(enrolScanOutcome(last));
    onShow?.();
  };

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
    <>
      <HeldScansNotice
        title={t('enrol.heldTitle')}
        held={held.held}
        overflow={held.overflow}
        actionLabel={t('enrol.useCode')}
        canAct={(entry) => enrolScanOutcome(entry).kind === 'code'}
        onAct={takeHeld}
        onDismiss={held.release}
        cannotAct={t('enrol.notEnrolment')}
      />
      <main className="enrol" hidden={!active}>
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
              onChange={(e) => {
                setCode(e.target.value);
                setScanned(null);
              }}
              data-testid="enrol-code"
              placeholder="XXXX-XXXX-XXXX-XXXX"
              required
              autoFocus
            />
          </label>
          <label>
            {t('enrol.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="enrol-name" required />
          </label>
          {scanned?.kind === 'code' && scanned.code === code && (
            <p className="ok" role="status" data-testid="enrol-scan-message">
              {t('enrol.scanned')}: {scanned.code}
            </p>
          )}
          {scanned?.kind === 'other' && (
            <p className="alert" role="alert" data-testid="enrol-scan-message">
              {shownCode(scanned.raw)} ({t(SCAN_KIND_KEYS[scanned.scanKind])}): {t('enrol.notCode')}
            </p>
          )}
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
    </>
  );
}

const url = (text: string) => text.trim() || '(empty)';
