import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

// React checks this flag before it accepts act() outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export type Rendered = { container: HTMLElement; unmount: () => Promise<void> };

/** Mounts a component into the DOM environment, the way the store app's entry does. */
export async function render(node: ReactNode): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await settle(() => root.render(node));
  return {
    container,
    unmount: async () => {
      await settle(() => root.unmount());
      container.remove();
    },
  };
}

/**
 * Types a whole value into an input as a browser reports it: the value set through the element's
 * own setter (React tracks the last value it saw) and an `input` event.
 */
export async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  await settle(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Runs `work` and lets React apply what it caused. */
export async function settle(work: () => Promise<unknown> | void = () => undefined): Promise<void> {
  await act(async () => {
    await work();
  });
}

export function byTestId<T extends Element = HTMLElement>(root: ParentNode, id: string): T {
  const found = root.querySelector<T>(`[data-testid="${id}"]`);
  if (found === null) throw new Error(`no [data-testid="${id}"]`);
  return found;
}

/** Waits, letting React apply updates, until `check` passes (its last failure is thrown on timeout). */
export async function waitFor(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await settle(() => new Promise((resolve) => setTimeout(resolve, 10)));
  }
}
