import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLang } from '../../../renderer/app/i18n';
import { UnmergeDialog } from '../../../renderer/hq/UnmergeDialog';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const merge = {
  mergeId: 'm-1',
  createdAt: '2026-03-01T09:00:00.000Z',
  evidence: 'verified_link_code',
  sourceRef: 'link:1',
};

/** Types as a person does, through the value setter React listens to. */
function type(field: HTMLTextAreaElement, text: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
  setter?.call(field, text);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

describe("HQ's unmerge confirmation", () => {
  let root: Root;
  let host: HTMLElement;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
    setLang('en');
  });

  const q = <T extends Element>(id: string) => host.querySelector<T>(`[data-testid="${id}"]`);

  it('asks for a reason before unmerging and sends it trimmed', async () => {
    setLang('en');
    const sent: string[] = [];
    let cancelled = 0;
    act(() =>
      root.render(
        <UnmergeDialog
          merge={merge}
          onConfirm={(reason) => {
            sent.push(reason);
            return Promise.resolve();
          }}
          onCancel={() => cancelled++}
        />,
      ),
    );
    expect(host.querySelector('[role="dialog"]')?.textContent).toContain('Unmerge these customers?');
    expect(host.textContent).toContain('link:1');
    const confirm = q<HTMLButtonElement>('unmerge-confirm');
    expect(confirm?.disabled).toBe(true);
    act(() => type(q<HTMLTextAreaElement>('unmerge-reason') as HTMLTextAreaElement, '   '));
    expect(confirm?.disabled).toBe(true);
    act(() => type(q<HTMLTextAreaElement>('unmerge-reason') as HTMLTextAreaElement, '  two sisters  '));
    expect(confirm?.disabled).toBe(false);
    await act(async () => {
      confirm?.click();
      await Promise.resolve();
    });
    expect(sent).toEqual(['two sisters']);
    expect(cancelled).toBe(0);
  });

  it('keeps a refusal in the dialog, and Escape or Cancel closes it in Russian too', async () => {
    setLang('ru');
    let cancelled = 0;
    act(() =>
      root.render(
        <UnmergeDialog
          merge={merge}
          onConfirm={() => Promise.reject(new Error('This merge was already undone'))}
          onCancel={() => cancelled++}
        />,
      ),
    );
    expect(host.textContent).toContain('Разъединить покупателей?');
    expect(q('unmerge-cancel')?.textContent).toBe('Отмена');
    act(() => type(q<HTMLTextAreaElement>('unmerge-reason') as HTMLTextAreaElement, 'разные люди'));
    await act(async () => {
      q<HTMLButtonElement>('unmerge-confirm')?.click();
      await Promise.resolve();
    });
    expect(host.querySelector('.alert')?.textContent).toBe('This merge was already undone');
    act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    act(() => q<HTMLButtonElement>('unmerge-cancel')?.click());
    expect(cancelled).toBe(2);
  });
});
