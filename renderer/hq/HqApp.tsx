import { useEffect, useState } from 'react';
import { CustomerPage } from './CustomerPage';
import { errorText, hq, isUnauthorized, type HqOutputs } from './hqClient';
import { LoginPage } from './LoginPage';
import { SignInAttemptsPage } from './SignInAttemptsPage';
import { StoresPage } from './StoresPage';

type Page = 'customers' | 'stores' | 'attempts';
type User = HqOutputs['me'];

export function HqApp() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [page, setPage] = useState<Page>(() =>
    location.hash === '#stores' ? 'stores' : location.hash === '#attempts' ? 'attempts' : 'customers',
  );

  useEffect(() => {
    hq.hq.me
      .query()
      .then(setUser)
      .catch((error: unknown) => {
        // Not signed in is the usual answer; anything else is shown above the sign-in form.
        if (!isUnauthorized(error)) setProblem(errorText(error));
        setUser(null);
      });
  }, []);

  const go = (next: Page) => {
    setPage(next);
    history.replaceState(null, '', next === 'customers' ? location.pathname + location.search : `#${next}`);
  };

  if (user === undefined) return null;
  if (user === null) {
    return (
      <>
        {problem && <p className="alert">{problem}</p>}
        <LoginPage onLogin={setUser} />
      </>
    );
  }
  return (
    <div className="hq">
      <header className="hq-top">
        <strong>OmniTill HQ</strong>
        <nav>
          <button
            type="button"
            className={page === 'customers' ? 'active' : ''}
            onClick={() => go('customers')}
          >
            Customers
          </button>
          <button type="button" className={page === 'stores' ? 'active' : ''} onClick={() => go('stores')}>
            Stores &amp; devices
          </button>
          {user.role === 'admin' && (
            <button
              type="button"
              className={page === 'attempts' ? 'active' : ''}
              onClick={() => go('attempts')}
              data-testid="nav-attempts"
            >
              Sign-in attempts
            </button>
          )}
        </nav>
        <span className="who">
          {user.name} ({user.role}) ·{' '}
          <button
            type="button"
            className="link"
            onClick={() => void hq.hq.logout.mutate().then(() => setUser(null))}
          >
            Sign out
          </button>
        </span>
      </header>
      {page === 'customers' && <CustomerPage />}
      {page === 'stores' && <StoresPage isAdmin={user.role === 'admin'} />}
      {page === 'attempts' && <SignInAttemptsPage />}
    </div>
  );
}
