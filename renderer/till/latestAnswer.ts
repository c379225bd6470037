/**
 * Keeps only the answer to the newest question. Answers to searches can come back in any order
 * (a short prefix matches more rows and takes longer); one that arrives after a newer question was
 * asked, or after the question was withdrawn, is dropped.
 */
export type LatestAnswer<T> = {
  /** Asks anew: an answer to any earlier question will be ignored. */
  readonly ask: (answer: Promise<T>) => void;
  /** Withdraws the open question (the text was submitted or cleared). */
  readonly cancel: () => void;
};

export function latestAnswer<T>(
  deliver: (value: T) => void,
  fail?: (error: unknown) => void,
): LatestAnswer<T> {
  let asked = 0;
  return {
    ask(answer) {
      const ticket = ++asked;
      answer.then(
        (value) => {
          if (ticket === asked) deliver(value);
        },
        (error: unknown) => {
          if (ticket === asked) fail?.(error);
        },
      );
    },
    cancel() {
      asked++;
    },
  };
}
