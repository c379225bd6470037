import type { CountryCode } from 'libphonenumber-js';
import type { IdentifierType } from '../../shared/identity/normalize';

export type { IdentifierType };

/**
 * What carried an observation, from strongest to weakest: a card issued or scanned at the till, a
 * receipt link code redeemed in a signed-in session, a shop login, a shop's order webhook, an
 * identify call of the web SDK, a decision at HQ (docs/identity.md §2).
 */
export type Evidence =
  | 'card_issue'
  | 'card_at_sale'
  | 'verified_link_code'
  | 'shop_login'
  | 'webhook_order'
  | 'sdk_identify'
  | 'hq_manual';

export type ObservedIdentifier = {
  type: IdentifierType;
  /** As received; normalized by the identity module (shared/identity). */
  value: string;
  /** The evidence proves the person holds it (a card in hand, an OTP, a signed-in account). */
  verified: boolean;
};

/** Identifiers seen together, with what carried them. */
export type Observation = {
  identifiers: ObservedIdentifier[];
  evidence: Evidence;
  /** What carried it: `sale:<id>`, `order:<id>`, `link:<code id>`, `sdk:<event id>`… */
  sourceRef: string;
  /** The shop connection, scoping shop account ids. */
  connectionId?: string;
  /** The country a national phone number is read in (the shop's); the chain's default otherwise. */
  phoneCountry?: CountryCode;
  consent?: { personalData?: boolean; marketing?: boolean };
};

export type ObserveResult = {
  /** The surviving profile the observation belongs to; null when it belongs to none. */
  customerId: string | null;
  outcome: 'linked' | 'created' | 'merged' | 'refused' | 'suppressed' | 'ignored';
  /** The review a refused merge was queued as. */
  reviewId?: string;
};
