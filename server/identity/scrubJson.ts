/**
 * Fields that name or reach a person in the payloads we keep (till operations, shops' webhook
 * bodies): dropped from a stored copy when its person is erased. Amounts, lines, statuses and
 * times are the accounts' facts and stay.
 */
const PERSONAL_KEYS = new Set(
  [
    'cardNumber',
    'customerId',
    'phone',
    'email',
    'shopAccountId',
    'visitorId',
    'customer',
    'customer_id',
    'contact_email',
    'first_name',
    'last_name',
    'billing',
    'billing_address',
    'shipping',
    'shipping_address',
    'client_details',
    'browser_ip',
    'customer_ip_address',
    'customer_user_agent',
    'note_attributes',
    'meta_data',
  ].map((k) => k.toLowerCase()),
);

/**
 * A JSON value without the person: personal fields dropped wherever they are nested, and any
 * other text holding one of `values` (a card number, an email, a phone, a visitor id, the name)
 * emptied. A field called `name` is a product's or an order's as often as a person's, so it is
 * judged by its value. `values` are lower case.
 */
export function scrubJson(value: unknown, values: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, values));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!PERSONAL_KEYS.has(key.toLowerCase())) out[key] = scrubJson(v, values);
    }
    return out;
  }
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return values.some((v) => lower.includes(v)) ? '' : value;
  }
  return value;
}

/** `scrubJson` over stored JSON text; text that is not JSON is replaced by an empty object. */
export function scrubJsonText(text: string, values: readonly string[]): string {
  try {
    return JSON.stringify(scrubJson(JSON.parse(text) as unknown, values));
  } catch {
    return '{}';
  }
}
