import { assertNever } from '../../shared/domain/assertNever';
import type { Connection, Refusal, ServerAnswer } from '../sync/syncState';
import type { MessageKey } from './i18n';
import type { CountTranslate } from './plurals';

type Translate = (key: MessageKey) => string;

/** Fills `{name}` placeholders of a message. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export function refusalWords(refusal: Refusal, t: Translate, count: CountTranslate): string {
  switch (refusal.kind) {
    case 'retry':
      return count('count.retry', refusal.count, { reason: refusal.reason });
    case 'gap':
      return fill(t('sync.gap'), { seq: refusal.expectedSeq });
    case 'cannotResend':
      // What is lost runs from the seq the server expects up to the first one the till still has.
      if (refusal.heldFrom === null) return fill(t('sync.cannotResendNone'), { from: refusal.expectedSeq });
      return fill(t('sync.cannotResend'), {
        range:
          refusal.heldFrom - 1 === refusal.expectedSeq
            ? refusal.expectedSeq
            : `${refusal.expectedSeq}–${refusal.heldFrom - 1}`,
      });
    case 'unreadable':
      return t('sync.unreadable');
    case 'serverError':
      return fill(t('sync.serverError'), { status: refusal.httpStatus });
    case 'unauthorized':
      return t('sync.unauthorized');
    case 'revoked':
      return t('sync.revoked');
    case 'refused':
      return fill(t('sync.refused'), { message: refusal.message });
    default:
      return assertNever(refusal);
  }
}

/** The connection state in the cashier's words, and how loudly to show it. */
export function connectionWords(
  connection: Connection,
  t: Translate,
  count: CountTranslate,
): { text: string; tone: 'ok' | 'bad' | 'warn' | 'muted' } {
  switch (connection.state) {
    case 'starting':
      return { text: t('status.connecting'), tone: 'muted' };
    case 'online':
      return { text: t('status.online'), tone: 'ok' };
    case 'offline':
      return { text: t('sync.offline'), tone: 'bad' };
    case 'unreachable':
      return { text: t('sync.unreachable'), tone: 'bad' };
    case 'refused':
      // A till HQ disconnected, or sales the server lost and the till cannot send again, will not
      // fix themselves: the loudest.
      return {
        text: refusalWords(connection.refusal, t, count),
        tone:
          connection.refusal.kind === 'cannotResend' || connection.refusal.kind === 'revoked'
            ? 'bad'
            : 'warn',
      };
    default:
      return assertNever(connection);
  }
}

/** "20 sales recorded, 1 rejected (1 set aside)", or the refusal. */
export function answerWords(answer: ServerAnswer, t: Translate, count: CountTranslate): string {
  switch (answer.kind) {
    case 'synced': {
      const parts: string[] = [];
      if (answer.recorded > 0) parts.push(recordedWords(answer, count));
      if (answer.rejected > 0) parts.push(count('count.rejected', answer.rejected));
      if (answer.setAside > 0) parts.push(count('count.setAside', answer.setAside));
      if (answer.resent > 0) parts.push(count('count.resent', answer.resent));
      return parts.length > 0 ? parts.join(', ') : t('sync.upToDate');
    }
    case 'refused': {
      const refusal = refusalWords(answer.refusal, t, count);
      return answer.recorded > 0 ? `${recordedWords(answer, count)}; ${refusal}` : refusal;
    }
    default:
      return assertNever(answer);
  }
}

/** "20 sales recorded" when all were sales; a shift, a return or a card among them: "operations". */
function recordedWords(answer: { recorded: number; recordedSales: number }, count: CountTranslate): string {
  return answer.recordedSales === answer.recorded
    ? count('count.salesRecorded', answer.recorded)
    : count('count.opsRecorded', answer.recorded);
}
