import { useEffect, useState, useSyncExternalStore } from 'react';
import { useCatalogSize, useOutboxStats } from '../db/hooks';
import { AttentionList } from './AttentionList';
import { localeOf, setLang, useLang, useT } from './i18n';
import { useCount } from './plurals';
import { answerWords, connectionWords } from './syncWords';
import { useTill } from './tillContext';

function age(fromIso: string | null, now: number, lang: string): string {
  if (!fromIso) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000));
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
  if (seconds < 60) return format.format(-seconds, 'second');
  if (seconds < 3600) return format.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 86400) return format.format(-Math.round(seconds / 3600), 'hour');
  return format.format(-Math.round(seconds / 86400), 'day');
}

/**
 * Always visible: the connection as it is (offline, server unreachable, or the server's refusal),
 * the server's last answer and when, the queue, what needs attention, and storage durability.
 */
export function StatusBar() {
  const t = useT();
  const count = useCount();
  const lang = useLang();
  const { db, sync, persisted } = useTill();
  const status = useSyncExternalStore(sync.subscribe, sync.getStatus);
  const stats = useOutboxStats(db);
  const catalog = useCatalogSize(db);
  const [now, setNow] = useState(() => Date.now());
  const [showAttention, setShowAttention] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);
  const locale = localeOf(lang);
  const lastSync =
    stats.lastSync.pushAt && stats.lastSync.pullAt
      ? stats.lastSync.pushAt > stats.lastSync.pullAt
        ? stats.lastSync.pushAt
        : stats.lastSync.pullAt
      : (stats.lastSync.pushAt ?? stats.lastSync.pullAt);
  const connection = connectionWords(status.connection, t, count);
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });

  return (
    <>
      {showAttention && <AttentionList onClose={() => setShowAttention(false)} />}
      <footer className="status-bar" data-testid="status-bar">
        <span
          className={`conn ${connection.tone}`}
          data-testid="conn"
          data-state={status.connection.state}
          data-refusal={status.connection.state === 'refused' ? status.connection.refusal.kind : undefined}
        >
          ● {connection.text}
        </span>
        <span className="muted" data-testid="last-answer">
          {status.lastAnswer
            ? `${clock.format(new Date(status.lastAnswer.at))} — ${answerWords(status.lastAnswer.answer, t, count)}`
            : t('sync.noAnswer')}
        </span>
        <span data-testid="pending">
          {t('status.pending')}: <b>{stats.pending}</b>
          {stats.oldestWallTime && ` (${t('status.oldest')} ${age(stats.oldestWallTime, now, locale)})`}
        </span>
        <span>
          {t('status.lastSync')}: {lastSync ? age(lastSync, now, locale) : t('status.never')}
        </span>
        {stats.rejected > 0 && (
          <button
            type="button"
            className="link warn"
            data-testid="attention-open"
            aria-expanded={showAttention}
            onClick={() => setShowAttention((shown) => !shown)}
          >
            {t('status.rejected')}: {stats.rejected}
          </button>
        )}
        {stats.stuck > 0 && (
          <span className="warn">
            {t('status.stuck')}: {stats.stuck}
          </span>
        )}
        <span className={persisted === false ? 'warn' : ''}>
          {t('status.storage')}: {persisted ? t('status.persisted') : t('status.notPersisted')}
        </span>
        <span className="muted">
          {catalog.products} / {catalog.cards}
        </span>
        <span className="spacer" />
        <button type="button" className="link" onClick={sync.kick}>
          {t('status.syncNow')}
        </button>
        <button type="button" className="link" onClick={() => setLang(lang === 'ru' ? 'en' : 'ru')}>
          {lang === 'ru' ? 'EN' : 'RU'}
        </button>
      </footer>
    </>
  );
}
