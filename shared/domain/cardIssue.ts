import { z } from 'zod';
import { normalizeEmail, normalizePhone } from './identifiers';
import { plainText } from './text';
import { UUID_V7 } from './uuidv7';

/** A card number as a scheme produces it: digits, or upper-case Code 128 text (see `matchLoyaltyCard`). */
export const cardNumberSchema = z
  .string()
  .regex(/^[0-9A-Z-]{4,40}$/, 'digits or upper-case letters, 4 to 40');

/**
 * One consent as the customer gave or refused it at the till. `at` is the till's clock, kept as
 * evidence of when it was asked, never used to order anything.
 */
export const consentSchema = z.object({
  granted: z.boolean(),
  at: z.iso.datetime({ offset: true }),
});

/**
 * A card issued at the till to a new customer (`card.issue`, schema version 1). The till writes
 * identifiers already normalized, so the payload hash covers the key the server stores; the server
 * normalizes again and refuses a value that moves. Processing personal data needs its consent;
 * marketing is a separate answer and may be no.
 */
export const cardIssueSchema = z
  .object({
    cardNumber: cardNumberSchema,
    /** Made by the till, so the card can be used in a sale before the server has seen it. */
    customerId: z.string().regex(UUID_V7, 'a UUIDv7'),
    name: z.string().trim().max(200).nullable(),
    phone: z
      .string()
      .max(16)
      .refine((v) => normalizePhone(v) === v, 'a phone number in E.164 form, like +79123456789')
      .nullable(),
    email: z
      .string()
      .max(254)
      .refine((v) => normalizeEmail(v) === v, 'an email address, trimmed and lower-case')
      .nullable(),
    consents: z.object({
      personalData: consentSchema.extend({
        granted: z.literal(true, { error: 'a card holds personal data only with this consent' }),
      }),
      marketing: consentSchema,
    }),
    /** The till's clock when the card was issued: shown to people, never used for order. */
    wallTime: z.iso.datetime({ offset: true }),
  })
  .refine((issue) => issue.phone !== null || issue.email !== null, {
    message: 'a phone number or an email address',
    path: ['phone'],
  });

export type CardIssue = z.output<typeof cardIssueSchema>;

/**
 * The free text of a card issue as the server stores it: plain text only, applied by the server
 * on top of the versioned schema, as `saleStoredTextSchema` is for sales (the versioned schema may
 * only grow). The card number, phone and email are already held to stricter patterns there.
 */
export const cardIssueStoredTextSchema = z.object({
  name: plainText(200, 0).nullable(),
  email: plainText(254).nullable(),
});
