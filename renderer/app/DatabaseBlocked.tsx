import { useT } from './i18n';

/** Shown instead of the till while this window's upgrade of the database waits for another one. */
export function DatabaseBlocked() {
  const t = useT();
  return (
    <main className="db-blocked" role="alert" data-testid="db-blocked">
      <strong>OmniTill</strong>
      <p>{t('db.blocked')}</p>
    </main>
  );
}
