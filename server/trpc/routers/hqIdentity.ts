import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { plainText } from '../../../shared/domain/text';
import { customerIdentity } from '../../identity/customerIdentity';
import { eraseCustomer } from '../../identity/erase';
import { listReviews, resolveReview } from '../../identity/reviews';
import { searchCustomers } from '../../identity/search';
import { unmerge } from '../../identity/unmerge';
import { hqAdminProcedure, hqChainReadProcedure, RefusalReason, router } from '../init';

const customerId = z.string().min(1).max(64);
const SEARCH_PAGE_MAX = 100;

function refused(code: 'NOT_FOUND' | 'CONFLICT', message: string, reason: string): TRPCError {
  return new TRPCError({ code, message, cause: new RefusalReason(reason) });
}

/**
 * Customer identity at HQ (docs/identity.md §8): reading is for admins and analysts, changing the
 * graph (resolving reviews, unmerging, erasing) for admins. Every change is in the identity audit
 * with the HQ user who made it.
 */
export const hqIdentityRouter = router({
  /**
   * Customers by any identifier, normalized as stored (a card, `8 912 345-67-89`, an email, a shop
   * account `<connection>:<id>`, a visitor id), then by the start of the name, `limit` a page;
   * `nextCursor` gives the next page of name matches (keyset, no OFFSET). An empty query pages
   * through every customer by name.
   */
  search: hqChainReadProcedure
    .input(
      z.object({
        query: z.string().trim().pipe(plainText(200, 0)),
        cursor: z.string().max(400).nullish(),
        limit: z.number().int().min(1).max(SEARCH_PAGE_MAX).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await searchCustomers(ctx.db.kysely, ctx.db.dialect, {
        query: input.query,
        ...(input.cursor ? { cursor: input.cursor } : {}),
        limit: input.limit,
      });
      if (page === 'invalid_cursor') {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'cursor: not a cursor this server gave out' });
      }
      return page;
    }),

  /**
   * One customer's identity: the surviving profile (given any profile id of the cluster), the
   * profiles merged into it, identifiers with their home profile and first/last seen, merges with
   * evidence (and `undoneAt` once split), the consent in force (most restrictive), latest audit.
   */
  customer: hqChainReadProcedure.input(z.object({ customerId })).query(async ({ ctx, input }) => {
    const identity = await customerIdentity(ctx.db.kysely, input.customerId);
    if (!identity) throw refused('NOT_FOUND', 'No such customer', 'not_found');
    return identity;
  }),

  /** The review queue (refused merges), oldest first; `after` is the last review id of a page. */
  reviews: hqChainReadProcedure
    .input(
      z
        .object({
          status: z.enum(['open', 'merged', 'kept_apart']).default('open'),
          after: z.string().min(1).max(64).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ status: 'open', limit: 50 }),
    )
    .query(({ ctx, input }) => listReviews(ctx.db.kysely, input)),

  /** Merges the two profiles of a review, or records them as different people. */
  resolveReview: hqAdminProcedure
    .input(z.object({ reviewId: z.string().min(1).max(64), decision: z.enum(['merge', 'keep_apart']) }))
    .mutation(async ({ ctx, input }) => {
      const result = await resolveReview(ctx.db.kysely, input.reviewId, input.decision, ctx.hqUser.id);
      if (result.ok) return result;
      if (result.reason === 'not_found') throw refused('NOT_FOUND', 'No such review', result.reason);
      throw refused(
        'CONFLICT',
        result.reason === 'erased' ? 'One of the customers was erased' : 'This review was already resolved',
        result.reason,
      );
    }),

  /**
   * Undoes a merge (`mergeId` from `customer.merges`): the merged profile gets back the cluster it
   * had, its purchases and events follow it, and the two are kept apart from then on.
   */
  unmerge: hqAdminProcedure
    .input(
      z.object({ mergeId: z.string().min(1).max(64), reason: z.string().trim().pipe(plainText(500, 0)) }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await unmerge(ctx.db.kysely, input.mergeId, ctx.hqUser.id, input.reason);
      if (result.ok) return result;
      if (result.reason === 'not_found') throw refused('NOT_FOUND', 'No such merge', result.reason);
      throw refused('CONFLICT', 'This merge was already undone', result.reason);
    }),

  /**
   * Erases a customer and every profile merged into them: personal values go, keyed-hash
   * suppression entries stay so no replay brings them back, sales stay without the link. Cannot be
   * undone; `confirm` must repeat the customer id.
   */
  erase: hqAdminProcedure
    .input(z.object({ customerId, confirm: customerId }))
    .mutation(async ({ ctx, input }) => {
      if (input.confirm !== input.customerId) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'confirm: repeat the customer id to erase' });
      }
      const result = await eraseCustomer(ctx.db.kysely, input.customerId, ctx.hqUser.id);
      if (result.ok) return result;
      if (result.reason === 'not_found') throw refused('NOT_FOUND', 'No such customer', result.reason);
      throw refused('CONFLICT', 'This customer was already erased', result.reason);
    }),
});
