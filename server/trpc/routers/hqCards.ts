import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { cardNumberSchema } from '../../../shared/domain/cardIssue';
import { plainText } from '../../../shared/domain/text';
import { blockCard, unblockCard, type CardStatusResult } from '../../hq/cardStatus';
import { customerCards } from '../../hq/customerCards';
import { hqReadProcedure, hqStoreManagementProcedure, RefusalReason, router } from '../init';

const reason = z.string().trim().pipe(plainText(200, 3));

const REFUSALS = {
  unknown_card: ['NOT_FOUND', 'No such card'],
  already_blocked: ['CONFLICT', 'The card is blocked already'],
  not_blocked: ['CONFLICT', 'The card is not blocked'],
  replacement_taken: ['CONFLICT', 'The new card belongs to a customer already'],
  not_a_card: ['BAD_REQUEST', "The new card's number is not one of the chain's cards"],
} as const;

function answer(result: CardStatusResult): { ok: true } {
  if (result.ok) return result;
  const [code, message] = REFUSALS[result.reason];
  throw new TRPCError({ code, message, cause: new RefusalReason(result.reason) });
}

/**
 * A customer's cards at HQ (docs/operations.md §19): everyone who reads customers sees them;
 * admins and store managers block a lost card, replace it, or unblock one found again.
 */
export const hqCardsRouter = router({
  ofCustomer: hqReadProcedure
    .input(z.object({ customerId: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => {
      const cards = await customerCards(ctx.db, input.customerId);
      if (!cards) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such customer' });
      return cards;
    }),

  block: hqStoreManagementProcedure
    .input(
      z.object({
        cardNumber: cardNumberSchema,
        reason,
        replacement: z.string().trim().min(1).max(32).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      answer(
        await blockCard(
          ctx.db,
          { cardNumber: input.cardNumber, reason: input.reason, replacement: input.replacement ?? null },
          ctx.hqUser.id,
        ),
      ),
    ),

  unblock: hqStoreManagementProcedure
    .input(z.object({ cardNumber: cardNumberSchema, reason }))
    .mutation(async ({ ctx, input }) => answer(await unblockCard(ctx.db, input, ctx.hqUser.id))),
});
