import { useEffect, useState } from 'react';
import { ChangePasswordPage } from './ChangePasswordPage';
import { CustomerPage } from './CustomerPage';
import { errorText, hq, isUnauthorized, type HqOutputs } from './hqClient';
import { LoginPage } from './LoginPage';
import { ScanConfigPage } from './ScanConfigPage';
import { SignInAttemptsPage } from './SignInAttemptsPage';
import { StoresPage } from './StoresPage';
import { UsersPage } from './UsersPage';
import { useHqT, type HqMessageKey } from './hqI18n';
import { CardConflictsPage } from './CardConflictsPage';
import { CashiersPage } from './CashiersPage';
import { LoyaltyReviewPage } from './LoyaltyReviewPage';
import { ReturnsPage } from './ReturnsPage';
import { ShiftsPage } from './ShiftsPage';
import { LangSwitch } from './LangSwitch';
import { OnlineOrdersPage } from './OnlineOrdersPage';
import { WebshopAttentionPage } from './WebshopAttentionPage';
import { WebshopConnectionsPage } from './WebshopConnectionsPage';
import { FiguresPage } from './figures/FiguresPage';

type Page =
  | 'customers'
  | 'figures'
  | 'stores'
  | 'cashiers'
  | 'shifts'
  | 'returns'
  | 'loyalty'
  | 'cards'
  | 'orders'
  | 'attention'
  | 'webshops'
  | 'scanning'
  | 'users'
  | 'attempts';
const PAGES_BY_HASH: Record<string, Page> = {
  '#figures': 'figures',
  '#stores': 'stores',
  '#cashiers': 'cashiers',
  '#shifts': 'shifts',
  '#returns': 'returns',
  '#loyalty': 'loyalty',
  '#cards': 'cards',
  '#orders': 'orders',
  '#attention': 'attention',
  '#webshops': 'webshops',
  '#scanning': 'scanning',
  '#users': 'users',
  '#attempts': 'attempts',
};
const pageOfHash = (): Page => PAGES_BY_HASH[location.hash] ?? 'customers';
/** Pages only an admin may open; anyone else who lands on one sees the customers page. */
const ADMIN_PAGES: ReadonlySet<Page> = new Set(['users', 'attempts', 'webshops']);
/** Chain-wide pages, for admins and analysts: a store manager sees their stores only. */
const CHAIN_PAGES: ReadonlySet<Page> = new Set(['figures']);
type User = HqOutputs['me'];
/**
 * The stores' work (docs/operations.md §15, online orders §16): every role reads it, a store
 * manager their stores.
 */
const STORE_WORK = [
  ['cashiers', 'hq.nav.cashiers'],
  ['shifts', 'hq.nav.shifts'],
  ['returns', 'hq.nav.returns'],
  ['loyalty', 'hq.nav.loyalty'],
  ['cards', 'hq.nav.cards'],
  ['orders', 'hq.nav.orders'],
  ['attention', 'hq.nav.attention'],
] as const satisfies readonly (readonly [Page, HqMessageKey])[];

export function HqApp() {
  const t = useHqT();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [page, setPage] = useState<Page>(pageOfHash);

  const loadMe = () =>
    hq.hq.me
      .query()
      .then(setUser)
      .catch((error: unknown) => {
        // Not signed in is the usual answer; anything else is shown above the sign-in form.
        if (!isUnauthorized(error)) setProblem(errorText(error));
        setUser(null);
      });
  useEffect(() => void loadMe(), []);
  // A link or the address bar may change the page without a reload.
  useEffect(() => {
    const follow = () => setPage(pageOfHash());
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);

  const go = (next: Page) => {
    setPage(next);
    history.replaceState(null, '', next === 'customers' ? location.pathname + location.search : `#${next}`);
  };

  if (user === undefined) return null;
  if (user === null) {
    return (
      <>
        <p className="lang-corner">
          <LangSwitch />
        </p>
        {problem && <p className="alert">{problem}</p>}
        <LoginPage onLogin={setUser} />
      </>
    );
  }
  if (user.mustChangePassword) return <ChangePasswordPage onChanged={() => void loadMe()} />;
  const isAdmin = user.role === 'admin';
  const chainWide = user.role !== 'store_manager';
  const shown =
    (ADMIN_PAGES.has(page) && !isAdmin) || (CHAIN_PAGES.has(page) && !chainWide) ? 'customers' : page;
  return (
    <div className="hq">
      <header className="hq-top">
        <strong>{t('hq.title')}</strong>
        <nav>
          <button
            type="button"
            className={shown === 'customers' ? 'active' : ''}
            onClick={() => go('customers')}
          >
            {t('hq.nav.customers')}
          </button>
          {chainWide && (
            <button
              type="button"
              className={shown === 'figures' ? 'active' : ''}
              onClick={() => go('figures')}
              data-testid="nav-figures"
            >
              {t('hq.nav.figures')}
            </button>
          )}
          <button type="button" className={shown === 'stores' ? 'active' : ''} onClick={() => go('stores')}>
            {t('hq.nav.stores')}
          </button>
          {STORE_WORK.map(([id, label]) => (
            <button
              key={id}
              type="button"
              className={shown === id ? 'active' : ''}
              onClick={() => go(id)}
              data-testid={`nav-${id}`}
            >
              {t(label)}
            </button>
          ))}
          <button
            type="button"
            className={shown === 'scanning' ? 'active' : ''}
            onClick={() => go('scanning')}
            data-testid="nav-scanning"
          >
            {t('hq.nav.scanning')}
          </button>
          {isAdmin && (
            <button
              type="button"
              className={shown === 'webshops' ? 'active' : ''}
              onClick={() => go('webshops')}
              data-testid="nav-webshops"
            >
              {t('hq.nav.webshops')}
            </button>
          )}
          {isAdmin && (
            <button type="button" className={shown === 'users' ? 'active' : ''} onClick={() => go('users')}>
              {t('hq.nav.users')}
            </button>
          )}
          {isAdmin && (
            <button
              type="button"
              className={shown === 'attempts' ? 'active' : ''}
              onClick={() => go('attempts')}
              data-testid="nav-attempts"
            >
              {t('hq.nav.attempts')}
            </button>
          )}
        </nav>
        <span className="who">
          {user.name} ({t(`hq.role.${user.role}`)}) · <LangSwitch /> ·{' '}
          <button
            type="button"
            className="link"
            onClick={() => void hq.hq.logout.mutate().then(() => setUser(null))}
          >
            {t('hq.signOut')}
          </button>
        </span>
      </header>
      {shown === 'customers' && <CustomerPage role={user.role} />}
      {shown === 'figures' && <FiguresPage />}
      {shown === 'stores' && <StoresPage canManage={user.role !== 'analyst'} />}
      {shown === 'cashiers' && <CashiersPage canManage={user.role !== 'analyst'} />}
      {shown === 'shifts' && <ShiftsPage />}
      {shown === 'returns' && <ReturnsPage />}
      {shown === 'loyalty' && <LoyaltyReviewPage canAdjust={isAdmin} />}
      {shown === 'cards' && <CardConflictsPage />}
      {shown === 'orders' && <OnlineOrdersPage canManage={user.role !== 'analyst'} isAdmin={isAdmin} />}
      {shown === 'attention' && (
        <WebshopAttentionPage canManage={user.role !== 'analyst'} isAdmin={isAdmin} />
      )}
      {shown === 'webshops' && <WebshopConnectionsPage />}
      {shown === 'scanning' && <ScanConfigPage canEdit={isAdmin} />}
      {shown === 'users' && <UsersPage me={user.id} />}
      {shown === 'attempts' && <SignInAttemptsPage />}
    </div>
  );
}
