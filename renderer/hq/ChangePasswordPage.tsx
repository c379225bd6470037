import { useState, type FormEvent } from 'react';
import { errorText, hq } from './hqClient';
import { useHqT } from './hqI18n';

/** After signing in with a one-time password: nothing else until the user chooses their own. */
export function ChangePasswordPage({ onChanged }: { onChanged: () => void }) {
  const t = useHqT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) {
      setError(t('password.differ'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await hq.hq.changePassword.mutate({ currentPassword: current, newPassword: next });
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form onSubmit={(e) => void submit(e)} data-testid="change-password">
        <h1>{t('password.title')}</h1>
        <p className="muted">{t('password.lead')}</p>
        <label>
          {t('password.current')}
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
            data-testid="current-password"
          />
        </label>
        <label>
          {t('password.new')}
          <input
            type="password"
            autoComplete="new-password"
            minLength={10}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
            data-testid="new-password"
          />
        </label>
        <label>
          {t('password.repeat')}
          <input
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            required
            data-testid="repeat-password"
          />
        </label>
        {error && <p className="alert">{error}</p>}
        <button type="submit" disabled={busy} data-testid="change-password-submit">
          {t('password.save')}
        </button>
      </form>
    </main>
  );
}
