import { useState, type FormEvent } from 'react';
import { errorText, hq, type HqOutputs } from './hqClient';
import { useHqT } from './hqI18n';

export function LoginPage({ onLogin }: { onLogin: (user: HqOutputs['me']) => void }) {
  const t = useHqT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await hq.hq.login.mutate({ email, password }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form onSubmit={(e) => void submit(e)}>
        <h1>{t('hq.title')}</h1>
        <label>
          {t('login.email')}
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoFocus
            data-testid="login-email"
          />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            data-testid="login-password"
          />
        </label>
        {error && <p className="alert">{error}</p>}
        <button type="submit" disabled={busy} data-testid="login-submit">
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
